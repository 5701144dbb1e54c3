package org.citadel.realmfs.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.BuildIoException;

/**
 * File I/O on the host that fails with a {@link BuildIoException} naming what was tried and the
 * path, never with an {@code UncheckedIOException}. Code that needs other {@link Files} calls wraps
 * them the same way with {@link #ioFailure}.
 */
public final class HostFiles {
    private HostFiles() {
    }

    /**
     * The failure to throw when {@code what} (a verb and its object: "create the work directory")
     * failed on {@code path}.
     */
    public static BuildIoException ioFailure(String what, Path path, IOException cause) {
        return new BuildIoException("Cannot " + what + " " + path, path, cause);
    }

    /** Creates {@code directory} and its missing parents; {@code what} names it ("the work directory"). */
    public static Path createDirectories(String what, Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw ioFailure("create " + what, directory, e);
        }
    }

    public static String readString(String what, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ioFailure("read " + what, file, e);
        }
    }

    /** Deletes {@code path} if it is there; true if it was. */
    public static boolean deleteIfExists(String what, Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw ioFailure("delete " + what, path, e);
        }
    }
}
