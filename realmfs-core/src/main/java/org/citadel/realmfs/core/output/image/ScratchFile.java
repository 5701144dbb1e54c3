package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A temporary file that is deleted when closed. */
final class ScratchFile implements AutoCloseable {
    private final Path path;

    ScratchFile(String prefix) throws IOException {
        this.path = Files.createTempFile(prefix, ".tmp");
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }
}
