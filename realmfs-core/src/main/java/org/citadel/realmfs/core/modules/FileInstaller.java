package org.citadel.realmfs.core.modules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.citadel.realmfs.api.FileMode;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RootfsPath;
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
    public RootfsPath install(Path source, RootfsPath targetDirectory, FileMode mode) {
        Optional<String> problem = sourceProblem(source);
        if (problem.isPresent()) {
            throw new InvalidRecipeException("install file: " + problem.get());
        }
        RootfsPath target = targetDirectory.resolve(source.getFileName().toString());
        prepare(target);
        try (InputStream in = Files.newInputStream(source)) {
            rootfs.write(target, in, mode.bits());
        } catch (IOException e) {
            throw HostFiles.ioFailure("read, to install it as " + target + ",", source, e);
        }
        return target;
    }

    /**
     * What keeps {@code source} from being installed (missing, not a regular file, unreadable), in
     * the words both the installer and the recipe's check before the build use; empty if nothing.
     */
    public static Optional<String> sourceProblem(Path source) {
        if (!Files.isRegularFile(source)) {
            return Optional.of(source + " does not exist or is not a regular file");
        }
        if (!Files.isReadable(source)) {
            return Optional.of(source + " is not readable");
        }
        return Optional.empty();
    }

    /** Writes {@code content} to {@code path} in the rootfs, replacing what was there. */
    public void write(RootfsPath path, byte[] content, FileMode mode) {
        prepare(path);
        rootfs.write(path, content, mode.bits());
    }

    private void prepare(RootfsPath path) {
        path.parent().filter(parent -> !parent.isRoot()).ifPresent(parent -> rootfs.createDirectories(parent, 0755));
    }
}
