package org.citadel.realmfs.core.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Files the build puts into the rootfs only for its own duration (policy-rc.d, dpkg and apt settings):
 * each is written where no file was, remembered, and removed again before the rootfs is packed.
 */
public final class BuildOnlyFiles {
    private final Deque<Path> created = new ArrayDeque<>();

    /** Writes {@code file} unless something is already there; returns whether it wrote it. */
    public boolean write(Path file, String content, String permissions) {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the build-only file " + file, e);
        }
        created.push(file);
        return true;
    }

    /** Remembers a file something else created for the build, to remove it with the others. */
    public void adopt(Path file) {
        created.push(file);
    }

    /** The files written or adopted and not yet removed, newest first. */
    public List<Path> files() {
        return List.copyOf(created);
    }

    /** Removes every file written or adopted, newest first. */
    public void removeAll() {
        while (!created.isEmpty()) {
            Path file = created.pop();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot remove the build-only file " + file, e);
            }
        }
    }
}
