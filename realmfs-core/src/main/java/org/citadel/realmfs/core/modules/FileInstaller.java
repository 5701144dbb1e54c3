package org.citadel.realmfs.core.modules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.core.rootfs.ConfinedPaths;
import org.citadel.realmfs.core.rootfs.FileModes;

/** Writes host files and bytes into the rootfs, confined to it, as root-owned files with a given mode. */
public final class FileInstaller {
    private final ConfinedPaths paths;

    public FileInstaller(ConfinedPaths paths) {
        this.paths = paths;
    }

    /** Copies {@code source} to {@code targetDirectory/<its name>}; returns the rootfs path written. */
    public String install(Path source, String targetDirectory, int mode) {
        if (!Files.isRegularFile(source)) {
            throw new InvalidRecipeException("install file: " + source + " does not exist or is not a regular file");
        }
        if (!Files.isReadable(source)) {
            throw new InvalidRecipeException("install file: " + source + " is not readable");
        }
        String target = (targetDirectory.endsWith("/") ? targetDirectory : targetDirectory + "/")
                + source.getFileName();
        Path destination = prepare(target);
        try {
            Path temporary = Files.createTempFile(destination.getParent(), ".realmfs-", ".tmp");
            Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            finish(temporary, destination, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install " + source + " as " + target, e);
        }
        return target;
    }

    /** Writes {@code content} to {@code path} in the rootfs, replacing what was there. */
    public void write(String path, byte[] content, int mode) {
        Path destination = prepare(path);
        try {
            Path temporary = Files.createTempFile(destination.getParent(), ".realmfs-", ".tmp");
            Files.write(temporary, content);
            finish(temporary, destination, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path + " in the rootfs", e);
        }
    }

    private Path prepare(String path) {
        Path destination = paths.resolve(path);
        if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidRecipeException("Cannot write " + path + ": it is a directory in the rootfs");
        }
        try {
            Files.createDirectories(destination.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory of " + path + " in the rootfs", e);
        }
        return destination;
    }

    private static void finish(Path temporary, Path destination, int mode) throws IOException {
        try {
            FileModes.chmod(temporary, mode);
            Files.move(temporary, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
