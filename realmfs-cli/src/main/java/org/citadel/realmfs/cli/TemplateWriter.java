package org.citadel.realmfs.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes the {@code --new} template; never overwrites an existing file. */
final class TemplateWriter {
    private final String templateText;

    TemplateWriter(String templateText) {
        this.templateText = templateText;
    }

    /** @throws UsageException when {@code target} already exists or cannot be written, saying why */
    void writeTo(Path target) {
        try {
            Files.writeString(target, templateText, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException(target + " already exists; not overwriting it. Move it away, or name"
                    + " another file: realmfs-builder --new my-build.conf");
        } catch (IOException e) {
            throw new UsageException("Cannot write the template to " + target + ": " + reason(target, e)
                    + ". Name a file in a directory you can write to: realmfs-builder --new DIR/build.conf");
        }
    }

    /** The JDK's exceptions for these two carry only the path: say what it means. */
    private static String reason(Path target, IOException e) {
        Path directory = target.toAbsolutePath().getParent();
        if (e instanceof NoSuchFileException) {
            return "the directory " + directory + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + (Files.isDirectory(directory) && !Files.isWritable(directory)
                    ? "the directory " + directory + " is not writable for this user"
                    : "access to " + target + " was refused");
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
