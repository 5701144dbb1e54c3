package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;

/**
 * The right of one build to make one layer: an flock(2) on {@code <cache>/claims/KIND-DIGEST.building}.
 * An flock belongs to the open file, so two builds of one JVM exclude each other as two processes do,
 * and a killed build's claim ends with its process: nothing stale is left to clean up.
 */
final class LayerClaim implements AutoCloseable {
    static final String SUFFIX = ".building";

    private final LayerKey key;
    private final Path file;
    private final Fd lock;

    private LayerClaim(LayerKey key, Path file, Fd lock) {
        this.key = key;
        this.file = file;
        this.lock = lock;
    }

    /** The claim on {@code key} in {@code directory}, unless another build holds it. */
    static Optional<LayerClaim> tryTake(Path directory, LayerKey key) {
        Path file = directory.resolve(key.kind().label() + "-" + key.digest() + SUFFIX);
        // The holder before deletes the file before releasing it: tryLockFileAt then opens it anew.
        return Kernel.tryLockFileAt(file).map(lock -> new LayerClaim(key, file, lock));
    }

    LayerKey key() {
        return key;
    }

    /** Deletes the file while still holding it (so the claims directory does not grow), then releases it. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw HostFiles.ioFailure("remove the layer claim", file, e);
        } finally {
            lock.close();
        }
    }
}
