package org.citadel.realmfs.api;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Reading or writing a file on the host failed. The message says what the build tried, on which of
 * the caller's host paths, the system's reason and what to do; the {@link IOException} is the cause.
 */
public class BuildIoException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param failed what could not be done, as the start of a sentence that names the path
     *               ("Cannot create the work directory /srv/work")
     * @param path   the host path it was done to
     */
    public BuildIoException(String failed, Path path, IOException cause) {
        super(failed + ": " + reason(cause, path) + ". " + advice(cause), cause);
        this.path = path;
    }

    /** The host path the failed operation was on. */
    public Path path() {
        return path;
    }

    private static String reason(IOException cause, Path path) {
        String reason;
        if (cause instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (cause instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (cause instanceof FileAlreadyExistsException) {
            reason = "it already exists";
        } else if (cause instanceof DirectoryNotEmptyException) {
            reason = "the directory is not empty";
        } else if (cause instanceof NotDirectoryException) {
            reason = "not a directory";
        } else if (cause instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else {
            reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        }
        if (cause instanceof FileSystemException f && f.getFile() != null && path != null
                && !Path.of(f.getFile()).equals(path)) {
            reason += " (" + f.getFile() + ")";
        }
        return reason;
    }

    private static String advice(IOException cause) {
        String text = cause instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : String.valueOf(cause.getMessage());
        if (cause instanceof NoSuchFileException) {
            return "Check that the path exists (a parent directory removed while the build ran?)";
        }
        if (cause instanceof AccessDeniedException) {
            return "Check its permissions and its mount (read-only, or a network filesystem that maps root to nobody)";
        }
        if (text.contains("No space left on device") || text.contains("Disk quota exceeded")) {
            return "Free space on its filesystem, or use a filesystem with more room";
        }
        if (text.contains("Read-only file system")) {
            return "Use a directory on a writable filesystem";
        }
        return "Check the path and the health of its filesystem";
    }
}
