package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.citadel.realmfs.core.output.AtomicOutputFile;

/**
 * Writes a chunk of the compressed payload's input, a 4096-byte zero block then the padded image,
 * into a temporary file of its own for xz: read again from the image (the page cache holds it, since
 * the image was just written and hashed), its zero blocks left holes ({@link SparseCopyTap}).
 */
final class PayloadChunkFiles {
    private static final int BLOCK = PayloadChunker.ZERO_BLOCK;
    private static final int READ_BYTES = 1 << 20;

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
            // payload offset p is image offset p - 4096 and chunk file offset p - chunk.offset()
            SparseCopyTap copy = new SparseCopyTap(content.getChannel(), BLOCK - chunk.offset());
            byte[] bytes = new byte[READ_BYTES];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            // the payload's first block is the zero block: left a hole
            for (long at = Math.max(chunk.offset(), BLOCK); at < chunk.offset() + chunk.length(); ) {
                buffer.clear().limit((int) Math.min(READ_BYTES, chunk.offset() + chunk.length() - at));
                int read = image.read(buffer, at - BLOCK);
                if (read < 0) {
                    throw new IOException(image.path() + " ended before the chunk at " + chunk.offset() + " of its payload");
                }
                copy.accept(at - BLOCK, bytes, read);
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
}
