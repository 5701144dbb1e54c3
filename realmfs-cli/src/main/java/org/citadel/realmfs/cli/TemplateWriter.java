package org.citadel.realmfs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes the {@code --new} template; never overwrites an existing file. */
final class TemplateWriter {
    private final String templateText;

    TemplateWriter(String templateText) {
        this.templateText = templateText;
    }

    /**
     * @throws UsageException when {@code target} already exists
     * @throws UncheckedIOException when it cannot be written
     */
    void writeTo(Path target) {
        try {
            Files.writeString(target, templateText, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException(target + " already exists; not overwriting it. Move it away, or name"
                    + " another file: realmfs-builder --new my-build.conf");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the template to " + target + ": " + e.getMessage(), e);
        }
    }
}
