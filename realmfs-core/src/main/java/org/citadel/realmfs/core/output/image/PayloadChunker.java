package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.output.image.verity.DataTap;

/**
 * Cuts the input of a compressed payload, a 4096-byte zero block then the data it is shown, into
 * chunks of a fixed size (the last may be shorter) as the data goes by, and hands each to the
 * {@link Sink} with the digest of its bytes. Nothing is copied: a chunk that must be compressed is
 * staged from the image afterwards ({@link PayloadChunkFiles}), so the chunks a cache already holds
 * cost only their digest.
 *
 * <p>The digest is the sha256 of the chunk's length and of each non-zero 4096-byte block with its
 * number in the chunk: it tells any two different contents apart as the sha256 of the bytes would,
 * without hashing the zero blocks that make up most of an ext4 image.
 */
final class PayloadChunker implements DataTap {
    static final int ZERO_BLOCK = 4096;
    private static final byte[] ZEROS = new byte[ZERO_BLOCK];

    /** Receives each chunk, in order, on the reading thread. */
    @FunctionalInterface
    interface Sink {
        void accept(Chunk chunk) throws IOException;
    }

    /** Chunk {@code index}: {@code length} bytes at {@code offset} of the payload, their digest. */
    record Chunk(int index, long offset, long length, String digest) {
    }

    private final long chunkBytes;
    private final Sink sink;
    private final ByteBuffer number = ByteBuffer.allocate(Long.BYTES);
    private final byte[] partial = new byte[ZERO_BLOCK];
    private int partialLength;

    private boolean started;
    private int index;
    private long offset;
    private long filled;
    private MessageDigest digest;

    PayloadChunker(long chunkBytes, Sink sink) {
        if (chunkBytes <= 0 || chunkBytes % ZERO_BLOCK != 0) {
            throw new IllegalArgumentException("A chunk is a positive number of 4096-byte blocks, not " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
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
        if (partialLength > 0) {
            block(partial, 0, partialLength);
            partialLength = 0;
        }
        if (digest != null) {
            complete();
        }
    }

    private void startWithTheZeroBlock() throws IOException {
        if (!started) {
            started = true;
            feed(ZEROS, 0, ZERO_BLOCK);
        }
    }

    /** Digests whole blocks: a block that arrives in pieces waits in {@code partial} until it is whole. */
    private void feed(byte[] data, int from, int length) throws IOException {
        if (partialLength > 0) {
            int taken = Math.min(length, ZERO_BLOCK - partialLength);
            System.arraycopy(data, from, partial, partialLength, taken);
            partialLength += taken;
            from += taken;
            length -= taken;
            if (partialLength < ZERO_BLOCK) {
                return;
            }
            block(partial, 0, ZERO_BLOCK);
            partialLength = 0;
        }
        for (; length >= ZERO_BLOCK; from += ZERO_BLOCK, length -= ZERO_BLOCK) {
            block(data, from, ZERO_BLOCK);
        }
        if (length > 0) {
            System.arraycopy(data, from, partial, 0, length);
            partialLength = length;
        }
    }

    /** One block of the chunk being filled (a short one only at the very end); chunks are whole blocks. */
    private void block(byte[] data, int from, int length) throws IOException {
        if (digest == null) {
            digest = Sha256.newDigest();
            filled = 0;
        }
        if (Arrays.mismatch(data, from, from + length, ZEROS, 0, length) >= 0) {
            digest.update(number.putLong(0, filled / ZERO_BLOCK).array());
            digest.update(data, from, length);
        }
        filled += length;
        if (filled == chunkBytes) {
            complete();
        }
    }

    private void complete() throws IOException {
        digest.update(number.putLong(0, filled).array());
        Chunk chunk = new Chunk(index, offset, filled, Sha256.hex(digest));
        digest = null;
        index++;
        offset += filled;
        sink.accept(chunk);
    }
}
