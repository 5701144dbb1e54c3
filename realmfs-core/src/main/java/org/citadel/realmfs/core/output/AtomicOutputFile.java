package org.citadel.realmfs.core.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;

/**
 * A file written under a temporary name beside its final one and renamed into place only when
 * complete: a failed or killed build never leaves a half-written file under the final name. Every
 * output goes through it, so all of them are committed alike: mode 0644, not synced (like GNU tar,
 * mkfs or mkosi's outputs; a build's outputs can be made again, and syncing hundreds of megabytes
 * would make every build wait for the disk).
 *
 * <p>While it is written, the temporary file {@code .NAME.RANDOM.partial} is flock'ed by this object.
 * The lock ends with the writer, also when it is killed, so a temporary file whose lock can be taken
 * was left by a dead build: {@link StagingFiles} removes those.
 */
public final class AtomicOutputFile implements AutoCloseable {
    static final String SUFFIX = ".partial";
    private static final String CLAIM_SUFFIX = ".claim";

    private final Path target;
    private final Path temporary;
    private final Fd writerLock;
    private boolean committed;

    public AtomicOutputFile(Path target) {
        this.target = target.toAbsolutePath().normalize();
        Path claim;
        try {
            Files.createDirectories(this.target.getParent());
            // Created under a name no scan matches, locked, then renamed: a file with the staging
            // name is locked from the moment it has that name, so a scan never takes a live one.
            claim = Files.createTempFile(this.target.getParent(), "." + this.target.getFileName() + ".", CLAIM_SUFFIX);
        } catch (IOException e) {
            throw HostFiles.ioFailure("create a temporary file beside", target, e);
        }
        String claimName = claim.getFileName().toString();
        Path staging = claim.resolveSibling(claimName.substring(0, claimName.length() - CLAIM_SUFFIX.length()) + SUFFIX);
        Fd lock = null;
        try {
            lock = Kernel.openReadOnly(claim);
            if (!Kernel.tryLockExclusive(lock)) {
                throw new IllegalStateException("The new temporary file " + claim + " is locked already");
            }
            Files.move(claim, staging, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            try {
                Files.deleteIfExists(claim);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io ? HostFiles.ioFailure("create a temporary file beside", target, io)
                    : (RuntimeException) e;
        }
        this.temporary = staging;
        this.writerLock = lock;
    }

    /** Where to write the content. */
    public Path temporary() {
        return temporary;
    }

    public Path target() {
        return target;
    }

    /** Renames the finished file to its final name. */
    public Path commit() {
        try {
            Files.setPosixFilePermissions(temporary, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
            return target;
        } catch (IOException e) {
            throw HostFiles.ioFailure("move " + temporary + " to", target, e);
        }
    }

    /** Deletes the temporary file unless it was committed, then lets go of its lock. */
    @Override
    public void close() {
        try (Fd lock = writerLock) {
            if (!committed) {
                deleteTemporary();
            }
        }
    }

    private void deleteTemporary() {
        HostFiles.deleteIfExists("the temporary file", temporary);
    }
}
