package org.citadel.realmfs.core.output.image.verity;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Computes a dm-verity hash tree exactly as {@code veritysetup format} does with its defaults (sha256,
 * 4096-byte data and hash blocks, format version 1, superblock at the start of the hash file): for the
 * same salt and UUID the hash file is byte-identical and the root hash the same.
 *
 * <p>The data is read once, sequentially; its blocks are hashed on several threads and the level-0
 * digests go straight to their place in the hash file, so memory stays bounded whatever the size.
 * The upper levels, 128 times smaller each, are then hashed from the hash file itself.
 */
public final class VerityHashTree {
    public static final int BLOCK_SIZE = HashTreeGeometry.BLOCK_SIZE;
    /** Data blocks per unit of work: a multiple of 128, so each chunk fills whole level-0 hash blocks. */
    private static final int CHUNK_BLOCKS = 1024;

    private final int threads;

    private VerityHashTree(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Hashing needs at least one thread, got " + threads);
        }
        this.threads = threads;
    }

    /** Hashes on as many threads as the machine has processors. */
    public static VerityHashTree create() {
        return new VerityHashTree(Runtime.getRuntime().availableProcessors());
    }

    public static VerityHashTree withThreads(int threads) {
        return new VerityHashTree(threads);
    }

    /** The tree over all of {@code data}, whose size must be a positive multiple of 4096. */
    public VerityResult compute(Path data, VerityParameters parameters, Path hashFile) throws IOException {
        long size = Files.size(data);
        if (size == 0 || size % BLOCK_SIZE != 0) {
            throw new IllegalArgumentException("The data file " + data + " has " + size
                    + " bytes; a hash tree needs a positive multiple of " + BLOCK_SIZE + " (pad it with zeros first)");
        }
        try (FileChannel channel = FileChannel.open(data, READ)) {
            return compute(channel, size / BLOCK_SIZE, parameters, hashFile, DataTap.NONE);
        }
    }

    /**
     * The tree over the first {@code dataBlocks} blocks read from {@code data}, showing each chunk to
     * {@code tap} on the way.
     */
    public VerityResult compute(ReadableByteChannel data, long dataBlocks, VerityParameters parameters,
                                Path hashFile, DataTap tap) throws IOException {
        HashTreeGeometry geometry = new HashTreeGeometry(dataBlocks);
        try (FileChannel hashes = FileChannel.open(hashFile, CREATE, TRUNCATE_EXISTING, READ, WRITE)) {
            writeFully(hashes, VeritySuperblock.encode(parameters, dataBlocks), 0);
            byte[] level0Root = hashDataBlocks(data, geometry, parameters.salt(), hashes, tap);
            byte[] root = geometry.levels() == 0 ? level0Root : hashUpperLevels(geometry, parameters.salt(), hashes);
            return new VerityResult(HexFormat.of().formatHex(root), parameters.saltHex(), dataBlocks,
                    geometry.hashFileBytes());
        }
    }

    /**
     * Level 0. Returns the digest of the single data block when the tree has no levels, else null.
     * The reading thread fills chunk buffers in order; at most {@code 2 * threads} are in flight.
     */
    private byte[] hashDataBlocks(ReadableByteChannel data, HashTreeGeometry geometry, byte[] salt,
                                  FileChannel hashes, DataTap tap) throws IOException {
        ThreadLocal<BlockHasher> hashers = ThreadLocal.withInitial(() -> new BlockHasher(salt));
        ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "verity-hash");
            thread.setDaemon(true);
            return thread;
        });
        Deque<Future<HashedChunk>> inFlight = new ArrayDeque<>();
        try {
            byte[] lastDigests = null;
            long totalBytes = geometry.dataBlocks() * BLOCK_SIZE;
            for (long offset = 0; offset < totalBytes; offset += (long) CHUNK_BLOCKS * BLOCK_SIZE) {
                int length = (int) Math.min((long) CHUNK_BLOCKS * BLOCK_SIZE, totalBytes - offset);
                byte[] buffer = inFlight.size() < 2 * threads
                        ? new byte[CHUNK_BLOCKS * BLOCK_SIZE]
                        : await(inFlight.removeFirst()).buffer();
                readFully(data, buffer, length, offset, totalBytes);
                tap.accept(offset, buffer, length);
                long hashOffset = geometry.levels() == 0 ? -1
                        : geometry.levelOffset(0) + offset / BLOCK_SIZE * HashTreeGeometry.DIGEST_SIZE;
                inFlight.addLast(workers.submit(() -> hashChunk(hashers.get(), buffer, length, hashes, hashOffset)));
            }
            while (!inFlight.isEmpty()) {
                lastDigests = await(inFlight.removeFirst()).digests();
            }
            return geometry.levels() == 0 ? java.util.Arrays.copyOf(lastDigests, HashTreeGeometry.DIGEST_SIZE) : null;
        } finally {
            workers.shutdownNow();
        }
    }

    private record HashedChunk(byte[] buffer, byte[] digests) {
    }

    private static HashedChunk hashChunk(BlockHasher hasher, byte[] buffer, int length,
                                         FileChannel hashes, long hashOffset) throws IOException {
        byte[] digests = new byte[(int) roundUpToBlock(length / BLOCK_SIZE * HashTreeGeometry.DIGEST_SIZE)];
        hasher.hashBlocks(buffer, length, digests);
        if (hashOffset >= 0) {
            writeFully(hashes, ByteBuffer.wrap(digests), hashOffset);
        }
        return new HashedChunk(buffer, digests);
    }

    /** Levels 1 and up, each from the level below it in the hash file; returns the root hash. */
    private static byte[] hashUpperLevels(HashTreeGeometry geometry, byte[] salt, FileChannel hashes)
            throws IOException {
        BlockHasher hasher = new BlockHasher(salt);
        byte[] buffer = new byte[CHUNK_BLOCKS * BLOCK_SIZE];
        for (int level = 0; level + 1 < geometry.levels(); level++) {
            long blocks = geometry.levelBlocks(level);
            long written = 0;
            for (long done = 0; done < blocks; done += CHUNK_BLOCKS) {
                int length = (int) Math.min(CHUNK_BLOCKS, blocks - done) * BLOCK_SIZE;
                readFully(hashes, geometry.levelOffset(level) + done * BLOCK_SIZE, buffer, length);
                byte[] digests = new byte[length / BLOCK_SIZE * HashTreeGeometry.DIGEST_SIZE];
                hasher.hashBlocks(buffer, length, digests);
                writeFully(hashes, ByteBuffer.wrap(digests), geometry.levelOffset(level + 1) + written);
                written += digests.length;
            }
            int padding = (int) (roundUpToBlock(written) - written);
            writeFully(hashes, ByteBuffer.allocate(padding), geometry.levelOffset(level + 1) + written);
        }
        byte[] top = new byte[BLOCK_SIZE];
        readFully(hashes, geometry.levelOffset(geometry.levels() - 1), top, BLOCK_SIZE);
        byte[] root = new byte[HashTreeGeometry.DIGEST_SIZE];
        hasher.hashBlock(top, 0, root, 0);
        return root;
    }

    private static long roundUpToBlock(long bytes) {
        return (bytes + BLOCK_SIZE - 1) / BLOCK_SIZE * BLOCK_SIZE;
    }

    private static HashedChunk await(Future<HashedChunk> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while hashing data blocks");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("Hashing data blocks failed", e.getCause());
        }
    }

    private static void readFully(ReadableByteChannel data, byte[] buffer, int length, long offset, long total)
            throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        while (target.hasRemaining()) {
            if (data.read(target) < 0) {
                throw new IOException("The data ended after " + (offset + target.position())
                        + " bytes; the hash tree covers " + total + " bytes");
            }
        }
    }

    private static void readFully(FileChannel file, long position, byte[] buffer, int length) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        while (target.hasRemaining()) {
            if (file.read(target, position + target.position()) < 0) {
                throw new IOException("The hash file ended early at byte " + (position + target.position()));
            }
        }
    }

    private static void writeFully(FileChannel file, ByteBuffer source, long position) throws IOException {
        long start = position;
        while (source.hasRemaining()) {
            start += file.write(source, start);
        }
    }
}
