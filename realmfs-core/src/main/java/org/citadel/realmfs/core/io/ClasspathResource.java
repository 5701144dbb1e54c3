package org.citadel.realmfs.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.citadel.realmfs.api.RealmfsException;

/** A file shipped inside a realmfs jar, read next to the class that owns it. */
public final class ClasspathResource {
    private ClasspathResource() {
    }

    /** The bytes of {@code name}, resolved as {@link Class#getResourceAsStream} does. */
    public static byte[] bytes(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new RealmfsException(name + " is missing from the class path next to " + owner.getName()
                        + "; the realmfs jar is incomplete: rebuild or reinstall it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new RealmfsException("Cannot read " + name + " from the class path next to " + owner.getName()
                    + ": " + e.getMessage() + "; the realmfs jar may be damaged: rebuild or reinstall it", e);
        }
    }

    /** The UTF-8 text of {@code name}. */
    public static String text(Class<?> owner, String name) {
        return new String(bytes(owner, name), StandardCharsets.UTF_8);
    }
}
