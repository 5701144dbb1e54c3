package org.citadel.realmfs.core.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.citadel.realmfs.core.modules.BuiltinFiles;

/**
 * The modules that ship with the builder, as resources laid out like the original's
 * {@code /usr/share/realmfs-builder/realmfs-modules/<name>}.
 */
final class BuiltinModules {
    static final String ROOT = BuiltinFiles.ROOT;
    private static final String MODULES = ROOT + "realmfs-modules/";

    private BuiltinModules() {
    }

    /** The script of the built-in module {@code name}, or empty when there is none by that name. */
    static Optional<String> script(String name) {
        try (InputStream in = BuiltinModules.class.getResourceAsStream(MODULES + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the built-in module '" + name + "' from the class path", e);
        }
    }
}
