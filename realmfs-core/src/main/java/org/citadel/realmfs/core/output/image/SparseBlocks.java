package org.citadel.realmfs.core.output.image;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * An ext4 image read as its 4096-byte blocks, the zero blocks (holes, mostly) skipped: a sparse
 * copy, and a checksum that does not depend on which zero blocks the file system stores as holes.
 */
final class SparseBlocks {
    private static final int BLOCK = 4096;
    private static final int READ_BYTES = 1 << 20;
    private static final byte[] ZEROS = new byte[BLOCK];

    private SparseBlocks() {
    }

    /**
     * What a walk over the blocks found: the CRC-32C of the file's length and of each non-zero block
     * with its number, as 8 hex digits (any changed byte changes it, bar CRC collisions: it finds
     * damage, it is no seal), and the bytes of the non-zero blocks (what a sparse copy takes).
     */
    record Summary(String checksum, long dataBytes) {
    }

    static Summary checksum(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, READ)) {
            return walk(in, null);
        }
    }

    /** Copies {@code source} to {@code target} (replaced), leaving its zero blocks holes; returns {@link #checksum}. */
    static Summary copy(Path source, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(source, READ);
             FileChannel out = FileChannel.open(target, WRITE, CREATE, TRUNCATE_EXISTING)) {
            Summary checksum = walk(in, out);
            out.truncate(in.size());
            if (out.size() < in.size()) {
                out.write(ByteBuffer.allocate(1), in.size() - 1); // a last zero block still gives the length
            }
            return checksum;
        }
    }

    private static Summary walk(FileChannel in, FileChannel out) throws IOException {
        long size = in.size();
        long dataBytes = 0;
        CRC32C crc = new CRC32C();
        ByteBuffer number = ByteBuffer.allocate(Long.BYTES);
        crc.update(number.putLong(0, size).array());
        byte[] bytes = new byte[READ_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        for (long position = 0; position < size; ) {
            buffer.clear().limit((int) Math.min(READ_BYTES, size - position));
            while (buffer.hasRemaining()) {
                if (in.read(buffer, position + buffer.position()) < 0) {
                    throw new IOException("the file ended at " + (position + buffer.position()) + " of " + size
                            + " bytes");
                }
            }
            int length = buffer.position();
            for (int block = 0; block < length; block += BLOCK) {
                int end = Math.min(block + BLOCK, length);
                if (Arrays.mismatch(bytes, block, end, ZEROS, 0, end - block) < 0) {
                    continue;
                }
                crc.update(number.putLong(0, (position + block) / BLOCK).array());
                crc.update(bytes, block, end - block);
                dataBytes += end - block;
                if (out != null) {
                    ByteBuffer data = ByteBuffer.wrap(bytes, block, end - block);
                    for (long at = position + block; data.hasRemaining(); ) {
                        at += out.write(data, at);
                    }
                }
            }
            position += length;
        }
        return new Summary(String.format("%08x", crc.getValue()), dataBytes);
    }
}
