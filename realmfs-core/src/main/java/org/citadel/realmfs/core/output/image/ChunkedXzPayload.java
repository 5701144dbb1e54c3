package org.citadel.realmfs.core.output.image;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.citadel.realmfs.core.output.XzCompressor;

/**
 * The compressed payload of one image: each chunk the {@link PayloadChunker} hands over is taken
 * from the {@link XzChunkCache} if it holds it, else staged from the image ({@link PayloadChunkFiles})
 * and compressed by its own xz process as its own .xz stream (xz decompresses concatenated streams
 * as one), at most {@code parallel} at a time.
 * Everything runs on the reading thread, the build's, where commands are started: a chunk waits
 * while {@code parallel} compressions run, which bounds the chunks staged on disk.
 * {@link #writeTo} then concatenates the streams in order. Owns every staged and compressed chunk
 * file until closed; closing kills what still runs and deletes what is not in the cache.
 */
final class ChunkedXzPayload implements PayloadChunker.Sink, AutoCloseable {
    private final XzCompressor xz;
    private final PayloadChunkFiles chunkFiles;
    private final Optional<XzChunkCache> cache;
    private final XzChunkSettings settings;
    private final Supplier<AtomicOutputFile> compressedStaging;
    private final int parallel;
    private final long totalBytes;
    private final String what;
    private final EventDispatcher events;

    private final TreeMap<Integer, CompressedChunk> ready = new TreeMap<>();
    private final Deque<Compression> running = new ArrayDeque<>();
    private long doneBytes;
    private int chunks;
    private int reused;
    private long compressionNanos;

    /**
     * @param chunkFiles        stages a chunk the cache lacks, for xz
     * @param compressedStaging makes the temporary file a chunk is compressed to when there is no cache
     * @param totalBytes        the size of the uncompressed payload, for progress
     * @param what              the step, as progress names it
     */
    ChunkedXzPayload(XzCompressor xz, PayloadChunkFiles chunkFiles, Optional<XzChunkCache> cache,
                     XzChunkSettings settings, Supplier<AtomicOutputFile> compressedStaging, int parallel,
                     long totalBytes, String what, EventDispatcher events) {
        if (parallel < 1) {
            throw new IllegalArgumentException("At least one chunk must be compressed at a time, not " + parallel);
        }
        this.xz = xz;
        this.chunkFiles = chunkFiles;
        this.cache = cache;
        this.settings = settings;
        this.compressedStaging = compressedStaging;
        this.parallel = parallel;
        this.totalBytes = totalBytes;
        this.what = what;
        this.events = events;
    }

    /** Takes the chunk from the cache, or stages it and starts compressing it. */
    @Override
    public void accept(PayloadChunker.Chunk chunk) throws IOException {
        chunks++;
        String key = XzChunkCache.key(chunk.digest(), settings);
        Optional<CompressedChunk> cached = cache.isEmpty() ? Optional.empty()
                : cache.get().find(key, chunk.length(), text -> events.warning(Stage.WRITE_OUTPUTS, text));
        if (cached.isPresent()) {
            reused++;
            completed(chunk.index(), cached.get());
            return;
        }
        while (running.size() >= parallel) {
            finishOldest();
        }
        boolean compressing = false;
        AtomicOutputFile input = chunkFiles.write(chunk);
        try {
            AtomicOutputFile output = cache.map(c -> c.newEntry(key)).orElseGet(compressedStaging);
            try {
                running.addLast(new Compression(chunk, input, output, xz.start(input.temporary(), output.temporary()),
                        System.nanoTime()));
                compressing = true;
            } finally {
                if (!compressing) {
                    output.close();
                }
            }
        } finally {
            if (!compressing) {
                input.close(); // not compressed at all: the build failed
            }
        }
    }

    /** Waits for every compression still running. */
    void finish() throws IOException {
        while (!running.isEmpty()) {
            finishOldest();
        }
        if (doneBytes < totalBytes) {
            progress(totalBytes);
        }
    }

    /** Writes the streams one after the other into {@code target} from {@code position}; returns their length. */
    long writeTo(FileChannel target, long position) throws IOException {
        if (!running.isEmpty() || ready.size() != chunks) {
            throw new IllegalStateException("Chunks are still being compressed: finish() first");
        }
        long written = 0;
        for (CompressedChunk chunk : ready.values()) {
            written += chunk.copyTo(target, position + written);
        }
        return written;
    }

    /** "reused 24 of 27 compressed chunks": how many chunks came from the cache. */
    int reusedChunks() {
        return reused;
    }

    int chunks() {
        return chunks;
    }

    /** The xz time of the chunks compressed, added up (they overlap when run in parallel). */
    long compressionMillis() {
        return compressionNanos / 1_000_000;
    }

    private void finishOldest() throws IOException {
        Compression compression = running.removeFirst();
        try (compression) {
            xz.requireSuccess(compression.process().waitFor(), compression.input().temporary());
            compressionNanos += System.nanoTime() - compression.startNanos();
            long bytes = compression.chunk().length();
            CompressedChunk compressed;
            if (cache.isPresent()) {
                compressed = cache.get().store(compression.output(), bytes);
            } else {
                FileChannel channel = FileChannel.open(compression.output().temporary(), READ);
                compressed = new CompressedChunk(bytes, channel, channel.size(), compression.output());
            }
            compression.handedOver();
            completed(compression.chunk().index(), compressed);
        }
    }

    private void completed(int index, CompressedChunk chunk) {
        ready.put(index, chunk);
        progress(doneBytes + chunk.uncompressedBytes());
    }

    private void progress(long bytes) {
        doneBytes = bytes;
        events.onEvent(BuildEvent.Progress.bytes(Stage.WRITE_OUTPUTS, what, doneBytes, totalBytes));
    }

    @Override
    public void close() throws IOException {
        List<AutoCloseable> all = new ArrayList<>(running);
        all.addAll(ready.values());
        running.clear();
        ready.clear();
        IOException failure = null;
        for (AutoCloseable each : all) {
            try {
                each.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io : new IOException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One chunk's xz process, its staged input and the file it writes. */
    private static final class Compression implements AutoCloseable {
        private final PayloadChunker.Chunk chunk;
        private final AtomicOutputFile input;
        private final AtomicOutputFile output;
        private final BuildCommands.Started process;
        private final long startNanos;
        private boolean outputHandedOver;

        Compression(PayloadChunker.Chunk chunk, AtomicOutputFile input, AtomicOutputFile output,
                    BuildCommands.Started process, long startNanos) {
            this.chunk = chunk;
            this.input = input;
            this.output = output;
            this.process = process;
            this.startNanos = startNanos;
        }

        PayloadChunker.Chunk chunk() {
            return chunk;
        }

        AtomicOutputFile input() {
            return input;
        }

        AtomicOutputFile output() {
            return output;
        }

        BuildCommands.Started process() {
            return process;
        }

        long startNanos() {
            return startNanos;
        }

        /** The compressed chunk owns the output now. */
        void handedOver() {
            outputHandedOver = true;
        }

        /** Kills xz if it still runs, deletes the staged input, and the output unless handed over. */
        @Override
        public void close() {
            try (AtomicOutputFile staged = input) {
                process.close();
                if (!outputHandedOver) {
                    output.close();
                }
            }
        }
    }
}
