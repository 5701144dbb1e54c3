package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Supplier;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.citadel.realmfs.core.output.image.verity.DataTap;

/**
 * Cuts the input of a compressed payload, a 4096-byte zero block then the data it is shown, into
 * chunks of a fixed size (the last may be shorter) as the data goes by. Each chunk is staged in its
 * own temporary file, sparse (blocks of zeros stay holes), with the sha256 of its bytes, and handed
 * to the {@link Sink}, which then owns the file; the sink may block to bound how many wait.
 */
final class PayloadChunker implements DataTap, AutoCloseable {
    static final int ZERO_BLOCK = 4096;
    private static final byte[] ZEROS = new byte[ZERO_BLOCK];

    /** Receives each chunk, in order, on the reading thread. */
    @FunctionalInterface
    interface Sink {
        void accept(StagedChunk chunk) throws IOException;
    }

    /** Chunk {@code index}: {@code length} bytes at {@code offset} of the payload, staged in {@code file}. */
    record StagedChunk(int index, long offset, long length, String sha256, AtomicOutputFile file) {
    }

    private final long chunkBytes;
    private final Supplier<AtomicOutputFile> staging;
    private final Sink sink;

    private boolean started;
    private int index;
    private long offset;
    private long filled;
    private MessageDigest digest;
    private AtomicOutputFile file;
    private RandomAccessFile content;

    /** @param staging makes the temporary file of the next chunk */
    PayloadChunker(long chunkBytes, Supplier<AtomicOutputFile> staging, Sink sink) {
        if (chunkBytes <= 0 || chunkBytes % ZERO_BLOCK != 0) {
            throw new IllegalArgumentException("A chunk is a positive number of 4096-byte blocks, not " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
        this.staging = staging;
        this.sink = sink;
    }

    @Override
    public void accept(long dataOffset, byte[] data, int length) throws IOException {
        startWithTheZeroBlock();
        feed(data, 0, length);
    }

    /** The data has ended: hands over the last, partial chunk. */
    void finish() throws IOException {
        startWithTheZeroBlock();
        if (file != null) {
            complete();
        }
    }

    private void startWithTheZeroBlock() throws IOException {
        if (!started) {
            started = true;
            feed(ZEROS, 0, ZERO_BLOCK);
        }
    }

    private void feed(byte[] data, int from, int length) throws IOException {
        while (length > 0) {
            if (file == null) {
                file = staging.get();
                content = new RandomAccessFile(file.temporary().toFile(), "rw");
                digest = Sha256.newDigest();
                filled = 0;
            }
            int taken = (int) Math.min(length, chunkBytes - filled);
            digest.update(data, from, taken);
            writeSparse(data, from, taken, filled);
            filled += taken;
            from += taken;
            length -= taken;
            if (filled == chunkBytes) {
                complete();
            }
        }
    }

    private void complete() throws IOException {
        content.setLength(filled);
        content.close();
        content = null;
        StagedChunk chunk = new StagedChunk(index, offset, filled, Sha256.hex(digest), file);
        file = null;
        index++;
        offset += filled;
        sink.accept(chunk);
    }

    /** Writes the runs of {@code data[from, from + length)} that are not whole zero blocks, at {@code position}. */
    private void writeSparse(byte[] data, int from, int length, long position) throws IOException {
        int runStart = -1;
        for (int block = 0; block < length; block += ZERO_BLOCK) {
            int end = Math.min(block + ZERO_BLOCK, length);
            boolean zero = Arrays.mismatch(data, from + block, from + end, ZEROS, 0, end - block) < 0;
            if (!zero && runStart < 0) {
                runStart = block;
            } else if (zero && runStart >= 0) {
                write(data, from + runStart, block - runStart, position + runStart);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            write(data, from + runStart, length - runStart, position + runStart);
        }
    }

    private void write(byte[] data, int from, int length, long position) throws IOException {
        ByteBuffer source = ByteBuffer.wrap(data, from, length);
        while (source.hasRemaining()) {
            position += content.getChannel().write(source, position);
        }
    }

    /** Deletes the chunk being filled, if any (one handed over belongs to the sink). */
    @Override
    public void close() throws IOException {
        try (AtomicOutputFile unfinished = file; RandomAccessFile open = content) {
            file = null;
            content = null;
        }
    }
}
