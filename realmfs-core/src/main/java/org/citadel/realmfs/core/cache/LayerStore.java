package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.linux.FilesystemFullException;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * A directory of layers, safe to share between builds running at the same time.
 *
 * <pre>
 * DIR/lock                              taken for every change (see {@link CacheLock})
 * DIR/layers/KIND-KEYDIGEST/layer.tar   the tree, as written by RootfsTarWriter
 *                          /key.txt     the key's text
 *                          /layer.properties  checksum and size of the tar, and notes ({@link LayerMetadata})
 * DIR/staging/PID-UUID/                 layers being written, and layers being deleted
 * DIR/claims/KIND-KEYDIGEST.building    flocked by the build making that layer ({@link LayerClaim})
 * </pre>
 *
 * A layer is written under {@code staging} and renamed into {@code layers} whole, so a
 * layer directory is never seen half-written; deletion renames it back out first. The time a layer
 * was last used is its directory's modification time, which least-recently-used eviction reads.
 */
public final class LayerStore {
    private final Path root;
    private final Path layers;
    private final Path staging;
    private final Path lockFile;
    private final Path claims;

    private LayerStore(Path root) {
        this.root = root;
        this.layers = root.resolve("layers");
        this.staging = root.resolve("staging");
        this.lockFile = root.resolve("lock");
        this.claims = root.resolve("claims");
    }

    /** Opens (creating if needed) the store in {@code directory}, and deletes what crashed builds left in staging. */
    public static LayerStore open(Path directory) {
        LayerStore store = new LayerStore(directory.toAbsolutePath().normalize());
        try {
            Files.createDirectories(store.layers);
            Files.createDirectories(store.staging);
            Files.createDirectories(store.claims);
        } catch (IOException e) {
            throw HostFiles.ioFailure("create the layer cache directory", directory, e);
        }
        try (CacheLock lock = CacheLock.acquire(store.lockFile)) {
            store.removeAbandonedStaging();
        }
        return store;
    }

    public Path directory() {
        return root;
    }

    /**
     * The complete layer with this key, if the store has it.
     *
     * @throws DamagedLayerException if its directory is there but its metadata is not whole
     */
    public Optional<StoredLayer> find(LayerKey key) {
        Path directory = layerDirectory(key.kind(), key.digest());
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        LayerMetadata metadata = LayerMetadata.read(directory);
        if (!metadata.keyDigest().equals(key.digest()) || metadata.kind() != key.kind()) {
            throw new DamagedLayerException(directory, "its metadata names another key");
        }
        return Optional.of(new StoredLayer(directory, key, metadata));
    }

    /**
     * The complete layer with this key, its metadata read and its tar opened under the cache's lock:
     * eviction and deletion take the same lock, so what is opened is one whole layer, and stays
     * readable to the end even if another build deletes it meanwhile.
     *
     * @throws DamagedLayerException if its directory is there but it is not whole
     */
    Optional<OpenedLayer> openLayer(LayerKey key) {
        try (CacheLock lock = CacheLock.acquire(lockFile)) {
            Optional<StoredLayer> found = find(key);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new OpenedLayer(found.get(), Files.newInputStream(found.get().tar())));
            } catch (NoSuchFileException e) {
                throw new DamagedLayerException(found.get().directory(), "its tar is missing");
            }
        } catch (IOException e) {
            throw new RealmfsException("Cannot open the cached " + key.kind().label() + " layer in " + root + ": "
                    + e.getMessage() + "; check the layer cache directory, or build with --clear-layer-cache", e);
        }
    }

    /**
     * Deletes a layer found damaged, unless another build has replaced it since it was opened (the
     * replacement's metadata differs: it was written at another time).
     */
    void removeDamaged(OpenedLayer damaged) {
        try (CacheLock lock = CacheLock.acquire(lockFile)) {
            Path directory = damaged.layer().directory();
            LayerMetadata now;
            try {
                now = LayerMetadata.read(directory);
            } catch (DamagedLayerException e) {
                now = null; // its metadata is damaged too, or it is gone: delete what is there
            }
            if (now == null || now.equals(damaged.layer().metadata())) {
                discard(directory);
            }
        }
    }

    /** The claim to make the layer with this key, unless another build holds it; never waits, never takes the cache's lock. */
    Optional<LayerClaim> tryClaim(LayerKey key) {
        return LayerClaim.tryTake(claims, key);
    }

    /** Of the stored keys of the same kind, the one sharing the most leading lines with {@code key}; the newest on a tie. */
    public Optional<LayerKey> closestTo(LayerKey key) {
        LayerKey best = null;
        int bestCommon = -1;
        for (Path directory : layerDirectoriesNewestFirst(key.kind())) {
            Optional<LayerKey> stored = readKey(key.kind(), directory);
            if (stored.isPresent()) {
                int common = KeyChange.commonPrefix(stored.get().lines(), key.lines());
                if (common > bestCommon) {
                    best = stored.get();
                    bestCommon = common;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Adds a layer: {@code writer} writes its tar into a staging file; the key and metadata are
     * written and synced beside it, and the whole renamed into place. If another build added the same key meanwhile, that
     * layer is kept and returned, and this one discarded.
     */
    public StoredLayer add(LayerKey key, LayerNotes notes, LayerWriter writer) {
        Path work = newStagingDirectory();
        try {
            WrittenTar tar = writer.writeTar(work.resolve(StoredLayer.TAR));
            LayerMetadata metadata = new LayerMetadata(key.kind(), key.digest(), tar.crc32c(), tar.bytes(),
                    tar.entries(), notes.buildOnlyFiles(), notes.installedPackages(),
                    notes.shellState(), Instant.now());
            DurableFiles.write(work.resolve(StoredLayer.KEY), key.text());
            DurableFiles.write(work.resolve(LayerMetadata.FILE_NAME), metadata.toText());
            DurableFiles.syncDirectory(work);
            Path target = layerDirectory(key.kind(), key.digest());
            try (CacheLock lock = CacheLock.acquire(lockFile)) {
                if (Files.isDirectory(target)) {
                    TreeRemover.removeTree(work);
                    return find(key).orElseThrow();
                }
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                DurableFiles.syncDirectory(layers);
            }
            return new StoredLayer(target, key, metadata);
        } catch (IOException e) {
            RuntimeException failure = fullFilesystem(key, work, e)
                    .orElseGet(() -> HostFiles.ioFailure("store the " + key.kind().label() + " layer in", root, e));
            TreeRemover.removeTree(work);
            throw failure;
        } catch (RuntimeException e) {
            RuntimeException failure = fullFilesystem(key, work, e).orElse(e);
            TreeRemover.removeTree(work);
            throw failure;
        }
    }

    /** Measured while the staged layer still takes its space. */
    private Optional<RuntimeException> fullFilesystem(LayerKey key, Path work, Exception e) {
        return FilesystemFullException.writing("the " + key.kind().label() + " layer into the layer cache " + root, work)
                .advice("Free space there, or give the layer cache a smaller limit (--layer-cache-size,"
                        + " BuildOptions.layerCacheSizeLimit) or another directory (--layer-cache DIR).")
                .causedBy(e).map(RuntimeException.class::cast);
    }

    /** Records that a layer was used now, for least-recently-used eviction. */
    public void markUsed(StoredLayer layer) {
        try {
            Files.setLastModifiedTime(layer.directory(), FileTime.from(Instant.now()));
        } catch (NoSuchFileException e) {
            // evicted by another build meanwhile: nothing to record
        } catch (IOException e) {
            throw HostFiles.ioFailure("record the use of the layer", layer.directory(), e);
        }
    }

    /** Deletes a layer directory (a damaged one, say); nothing if it is already gone. */
    public void remove(Path layerDirectory) {
        try (CacheLock lock = CacheLock.acquire(lockFile)) {
            discard(layerDirectory);
        }
    }

    /** Deletes every layer. */
    public void clear() {
        try (CacheLock lock = CacheLock.acquire(lockFile)) {
            for (LayerKind kind : LayerKind.values()) {
                for (Path directory : layerDirectoriesNewestFirst(kind)) {
                    discard(directory);
                }
            }
        }
    }

    /** The bytes all layers take. */
    public long sizeBytes() {
        long total = 0;
        for (LayerKind kind : LayerKind.values()) {
            for (Path directory : layerDirectoriesNewestFirst(kind)) {
                total += size(directory);
            }
        }
        return total;
    }

    /**
     * Deletes the least recently used layers until all of them take at most {@code limitBytes},
     * never {@code keep}; returns the directories deleted.
     */
    public List<Path> evictBeyond(long limitBytes, StoredLayer keep) {
        try (CacheLock lock = CacheLock.acquire(lockFile)) {
            List<Path> all = new ArrayList<>();
            for (LayerKind kind : LayerKind.values()) {
                all.addAll(layerDirectoriesNewestFirst(kind));
            }
            all.sort(Comparator.comparing(LayerStore::lastUsed));
            long total = all.stream().mapToLong(LayerStore::size).sum();
            List<Path> evicted = new ArrayList<>();
            for (Path directory : all) {
                if (total <= limitBytes) {
                    break;
                }
                if (!directory.equals(keep.directory())) {
                    total -= size(directory);
                    discard(directory);
                    evicted.add(directory);
                }
            }
            return evicted;
        }
    }

    private Path layerDirectory(LayerKind kind, String digest) {
        return layers.resolve(kind.label() + "-" + digest);
    }

    private List<Path> layerDirectoriesNewestFirst(LayerKind kind) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layers, kind.label() + "-*")) {
            entries.forEach(found::add);
        } catch (IOException e) {
            throw HostFiles.ioFailure("list the layers in", layers, e);
        }
        found.sort(Comparator.comparing(LayerStore::lastUsed).reversed());
        return found;
    }

    private static Optional<LayerKey> readKey(LayerKind kind, Path directory) {
        try {
            return Optional.of(LayerKey.parse(kind, Files.readString(directory.resolve(StoredLayer.KEY), StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // evicted meanwhile, or damaged: no use for telling what changed
        }
    }

    /** Renames the directory out of {@code layers} first, so no reader ever sees it half-deleted. */
    private void discard(Path layerDirectory) {
        if (!Files.exists(layerDirectory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path doomed = newStagingName();
        try {
            Files.move(layerDirectory, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw HostFiles.ioFailure("delete the layer", layerDirectory, e);
        }
        TreeRemover.removeTree(doomed);
    }

    private Path newStagingDirectory() {
        try {
            return Files.createDirectory(newStagingName());
        } catch (IOException e) {
            throw HostFiles.ioFailure("create a staging directory in", staging, e);
        }
    }

    private Path newStagingName() {
        return staging.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    }

    /** Staging directories of processes that no longer run: builds that crashed while writing a layer. */
    private void removeAbandonedStaging() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                int dash = name.indexOf('-');
                boolean running = dash > 0 && name.substring(0, dash).chars().allMatch(Character::isDigit)
                        && ProcessHandle.of(Long.parseLong(name.substring(0, dash))).isPresent();
                if (!running) {
                    TreeRemover.removeTree(entry);
                }
            }
        } catch (IOException e) {
            throw HostFiles.ioFailure("clean the staging directory", staging, e);
        }
    }

    private static FileTime lastUsed(Path directory) {
        try {
            return Files.getLastModifiedTime(directory);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long size(Path directory) {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                total += Files.size(file);
            }
        } catch (IOException e) {
            return total; // deleted meanwhile
        }
        return total;
    }
}
