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
import java.util.List;
import java.util.zip.CRC32C;
import org.citadel.realmfs.core.events.ProgressSink;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.NativeCallException;

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
        return checksum(file, ProgressSink.NONE);
    }

    /** {@link #checksum}, telling {@code progress} the bytes of the file's data ranges read of all of them. */
    static Summary checksum(Path file, ProgressSink progress) throws IOException {
        try (FileChannel in = FileChannel.open(file, READ)) {
            return walk(file, in, null, progress);
        }
    }

    /** Copies {@code source} to {@code target} (replaced), leaving its zero blocks holes; returns {@link #checksum}. */
    static Summary copy(Path source, Path target) throws IOException {
        return copy(source, target, ProgressSink.NONE);
    }

    /** {@link #copy}, telling {@code progress} the bytes of the source's data ranges copied of all of them. */
    static Summary copy(Path source, Path target, ProgressSink progress) throws IOException {
        try (FileChannel in = FileChannel.open(source, READ);
             FileChannel out = FileChannel.open(target, WRITE, CREATE, TRUNCATE_EXISTING)) {
            Summary checksum = walk(source, in, out, progress);
            out.truncate(in.size());
            if (out.size() < in.size()) {
                out.write(ByteBuffer.allocate(1), in.size() - 1); // a last zero block still gives the length
            }
            return checksum;
        }
    }

    /** Only the file's data ranges are read: its holes are zero blocks, which count for nothing. */
    private static Summary walk(Path file, FileChannel in, FileChannel out, ProgressSink progress) throws IOException {
        long size = in.size();
        List<long[]> ranges;
        try (Fd fd = Kernel.openReadOnly(file)) {
            ranges = Kernel.dataRanges(fd, size);
        } catch (NativeCallException e) {
            throw new IOException(e.getMessage(), e);
        }
        long rangeBytes = 0;
        for (long[] range : ranges) {
            rangeBytes += range[1] - range[0] / BLOCK * BLOCK;
        }
        long read = 0;
        progress.at(0, rangeBytes);
        CRC32C crc = new CRC32C();
        ByteBuffer number = ByteBuffer.allocate(Long.BYTES);
        crc.update(number.putLong(0, size).array());
        long dataBytes = 0;
        byte[] bytes = new byte[READ_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        for (long[] range : ranges) {
            // holes start and end on filesystem blocks, multiples of 4096: the blocks stay aligned
            long from = range[0] / BLOCK * BLOCK;
            for (long position = from; position < range[1]; ) {
                buffer.clear().limit((int) Math.min(READ_BYTES, range[1] - position));
                while (buffer.hasRemaining()) {
                    if (in.read(buffer, position + buffer.position()) < 0) {
                        throw new IOException("the file ended at " + (position + buffer.position()) + " of " + size
                                + " bytes");
                    }
                }
                int length = buffer.position();
                dataBytes += blocks(bytes, length, position, crc, number, out);
                position += length;
                read += length;
                progress.at(read, rangeBytes);
            }
        }
        return new Summary(String.format("%08x", crc.getValue()), dataBytes);
    }

    /** Feeds the non-zero blocks of {@code bytes} (read at {@code position}) to the checksum and the copy; returns their bytes. */
    private static long blocks(byte[] bytes, int length, long position, CRC32C crc, ByteBuffer number, FileChannel out)
            throws IOException {
        long dataBytes = 0;
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
        return dataBytes;
    }
}
