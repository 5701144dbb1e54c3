package org.citadel.realmfs.core.modules;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * The modules that ship with the builder, as resources laid out like the original's
 * {@code /usr/share/realmfs-builder/realmfs-modules/<name>}: what a build.conf's module lists name
 * by default, and what {@code module NAME} finds last.
 */
public final class BuiltinModules {
    private static final BuiltinResources MODULES = new BuiltinResources("realmfs-modules");

    private BuiltinModules() {
    }

    public static List<String> names() {
        return MODULES.names();
    }

    /** The script of the built-in module {@code name}, or empty when there is none by that name. */
    public static Optional<String> script(String name) {
        return MODULES.content(name).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Writes every built-in module under {@code directory} inside the rootfs, readable by all. */
    static void writeTo(RootfsFiles rootfs, String directory) {
        MODULES.writeTo(rootfs, directory);
    }

    /** A digest of every built-in module's name and script, for cache keys. */
    public static String digest() {
        return MODULES.digest();
    }
}
