package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.citadel.realmfs.core.output.image.verity.DataTap;

/**
 * Copies the data into a file at {@code base}, skipping 4096-byte blocks of zeros so they stay holes:
 * the ext4 image is mostly empty and its copy stays as sparse as it was.
 */
final class SparseCopyTap implements DataTap {
    private static final int BLOCK = 4096;
    private static final byte[] ZEROS = new byte[BLOCK];

    private final FileChannel target;
    private final long base;

    SparseCopyTap(FileChannel target, long base) {
        this.target = target;
        this.base = base;
    }

    @Override
    public void accept(long offset, byte[] chunk, int length) throws IOException {
        int runStart = -1;
        for (int block = 0; block < length; block += BLOCK) {
            int end = Math.min(block + BLOCK, length);
            boolean zero = Arrays.mismatch(chunk, block, end, ZEROS, 0, end - block) < 0;
            if (!zero && runStart < 0) {
                runStart = block;
            } else if (zero && runStart >= 0) {
                write(chunk, runStart, block, base + offset);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            write(chunk, runStart, length, base + offset);
        }
    }

    private void write(byte[] chunk, int from, int to, long chunkPosition) throws IOException {
        ByteBuffer source = ByteBuffer.wrap(chunk, from, to - from);
        long position = chunkPosition + from;
        while (source.hasRemaining()) {
            position += target.write(source, position);
        }
    }
}
