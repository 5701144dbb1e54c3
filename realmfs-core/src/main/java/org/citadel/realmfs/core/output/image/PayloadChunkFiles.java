package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.citadel.realmfs.core.output.AtomicOutputFile;

/**
 * Writes a chunk of the compressed payload's input, a 4096-byte zero block then the padded image,
 * into a temporary file of its own for xz: read again from the image (the page cache holds it, since
 * the image was just written and hashed), its zero blocks left holes.
 */
final class PayloadChunkFiles {
    private static final int BLOCK = PayloadChunker.ZERO_BLOCK;
    private static final int READ_BYTES = 1 << 20;
    private static final byte[] ZEROS = new byte[BLOCK];

    private final SparseImageFile image;
    private final Function<PayloadChunker.Chunk, AtomicOutputFile> staging;

    /** @param staging names the temporary file of a chunk */
    PayloadChunkFiles(SparseImageFile image, Function<PayloadChunker.Chunk, AtomicOutputFile> staging) {
        this.image = image;
        this.staging = staging;
    }

    /** The chunk's bytes in its temporary file, which the caller owns. */
    AtomicOutputFile write(PayloadChunker.Chunk chunk) throws IOException {
        AtomicOutputFile file = staging.apply(chunk);
        boolean written = false;
        try (RandomAccessFile content = new RandomAccessFile(file.temporary().toFile(), "rw")) {
            FileChannel out = content.getChannel();
            byte[] bytes = new byte[READ_BYTES];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            // payload offset p is image offset p - 4096; the payload's first block is the zero block, a hole
            for (long at = Math.max(chunk.offset(), BLOCK); at < chunk.offset() + chunk.length(); ) {
                buffer.clear().limit((int) Math.min(READ_BYTES, chunk.offset() + chunk.length() - at));
                int read = image.read(buffer, at - BLOCK);
                if (read < 0) {
                    throw new IOException(image.path() + " ended before the chunk at " + chunk.offset() + " of its payload");
                }
                writeNonZeroBlocks(out, bytes, read, at - chunk.offset());
                at += read;
            }
            content.setLength(chunk.length());
            written = true;
            return file;
        } finally {
            if (!written) {
                file.close();
            }
        }
    }

    private static void writeNonZeroBlocks(FileChannel out, byte[] bytes, int length, long position) throws IOException {
        for (int block = 0; block < length; block += BLOCK) {
            int end = Math.min(block + BLOCK, length);
            if (Arrays.mismatch(bytes, block, end, ZEROS, 0, end - block) >= 0) {
                ByteBuffer data = ByteBuffer.wrap(bytes, block, end - block);
                for (long at = position + block; data.hasRemaining(); ) {
                    at += out.write(data, at);
                }
            }
        }
    }
}
