package org.citadel.realmfs.core.modules;

import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * The files the built-in modules install with {@code install_file}, shipped as resources laid out
 * like the original's {@code /usr/share/realmfs-builder/realmfs-files}. Every build's
 * {@code install_file} searches them last, after the recipe's files directories; they are written
 * inside the chroot's build directory (a tmpfs), so no host file outside the work directory is
 * touched.
 */
public final class BuiltinFiles {
    /** Where the built-in modules and files live on the class path. */
    public static final String ROOT = "/org/citadel/realmfs/core/modules/builtin/";
    private static final BuiltinResources FILES = new BuiltinResources("realmfs-files");

    private BuiltinFiles() {
    }

    /** The relative paths of the built-in files. */
    public static List<String> names() {
        return FILES.names();
    }

    /** Writes every built-in file under {@code directory} inside the rootfs, readable by all. */
    static void writeTo(RootfsFiles rootfs, String directory) {
        FILES.writeTo(rootfs, directory);
    }

    /** Writes every built-in file under the host directory {@code directory}, readable by all. */
    static void writeTo(Path directory) {
        FILES.writeTo(directory);
    }

    /** A digest of every built-in file's name and content, for cache keys. */
    public static String digest() {
        return FILES.digest();
    }
}
