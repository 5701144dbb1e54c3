package org.citadel.realmfs.core.modules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * Writes host files and bytes into the rootfs, confined to it ({@link RootfsFiles}), as root-owned
 * files with a given mode, each replacing atomically what was at its name.
 */
public final class FileInstaller {
    private final RootfsFiles rootfs;

    public FileInstaller(RootfsFiles rootfs) {
        this.rootfs = rootfs;
    }

    /** Copies {@code source} to {@code targetDirectory/<its name>}; returns the rootfs path written. */
    public String install(Path source, String targetDirectory, int mode) {
        if (!Files.isRegularFile(source)) {
            throw new InvalidRecipeException("install file: " + source + " does not exist or is not a regular file");
        }
        if (!Files.isReadable(source)) {
            throw new InvalidRecipeException("install file: " + source + " is not readable");
        }
        requireNoDotDot(targetDirectory);
        String target = (targetDirectory.endsWith("/") ? targetDirectory : targetDirectory + "/")
                + source.getFileName();
        prepare(target);
        try (InputStream in = Files.newInputStream(source)) {
            rootfs.write(target, in, mode);
        } catch (IOException e) {
            throw HostFiles.ioFailure("read, to install it as " + target + ",", source, e);
        }
        return target;
    }

    /** Writes {@code content} to {@code path} in the rootfs, replacing what was there. */
    public void write(String path, byte[] content, int mode) {
        prepare(path);
        rootfs.write(path, content, mode);
    }

    /** The same words as the shell helper's {@code install_file}, for both its forms. */
    static void requireNoDotDot(String path) {
        if (("/" + path + "/").contains("/../")) {
            throw new InvalidRecipeException("install_file: '" + path + "' may not contain '..': paths must stay inside the rootfs");
        }
    }

    private void prepare(String path) {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            rootfs.createDirectories(path.substring(0, slash), 0755);
        }
    }
}
