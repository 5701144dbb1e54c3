package org.citadel.realmfs.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Copies one host file into the rootfs: to {@code targetDirectory/<file name>} with the given mode.
 * The same as the shell helper {@code install_file MODE FILE TARGET_DIR}.
 */
public record InstallFileModule(Path source, RootfsPath targetDirectory, FileMode mode) implements Module {

    public InstallFileModule {
        if (source == null) {
            throw new InvalidRecipeException("installFile: the source file is null");
        }
        source = source.toAbsolutePath().normalize();
        if (source.getFileName() == null) {
            throw new InvalidRecipeException("installFile: the source " + source + " is a root directory, not a file");
        }
        Objects.requireNonNull(targetDirectory, "targetDirectory");
        Objects.requireNonNull(mode, "mode");
    }

    /** {@code targetDirectory} and {@code mode} checked at once: {@link RootfsPath#of}, {@link FileMode#of}. */
    public InstallFileModule(Path source, String targetDirectory, int mode) {
        this(source, RootfsPath.of(targetDirectory), FileMode.of(mode));
    }

    public RootfsPath targetPath() {
        return targetDirectory.resolve(source.getFileName().toString());
    }

    @Override
    public String name() {
        return "install-file " + targetPath();
    }

    @Override
    public Optional<String> cacheKey() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String digest = Files.isRegularFile(source)
                    ? HexFormat.of().formatHex(sha.digest(Files.readAllBytes(source)))
                    : "missing";
            return Optional.of("file:" + targetPath() + " " + Integer.toOctalString(mode.bits()) + " " + digest);
        } catch (IOException e) {
            throw new BuildIoException("Cannot read " + source + " to compute its cache key", source, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
