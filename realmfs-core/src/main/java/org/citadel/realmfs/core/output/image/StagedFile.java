package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written under a temporary name beside its final one, renamed into place by {@link #commit()};
 * closing it without committing deletes it, so a failure never leaves a half-written file behind.
 */
final class StagedFile implements AutoCloseable {
    private final Path temporary;
    private final Path target;
    private boolean committed;

    private StagedFile(Path temporary, Path target) {
        this.temporary = temporary;
        this.target = target;
    }

    /** A temporary name in {@code target}'s directory; the file is not created. */
    static StagedFile beside(Path target) throws IOException {
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".partial");
        Files.delete(temporary);
        return new StagedFile(temporary, target);
    }

    Path path() {
        return temporary;
    }

    Path commit() throws IOException {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
        return target;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            Files.deleteIfExists(temporary);
        }
    }
}
