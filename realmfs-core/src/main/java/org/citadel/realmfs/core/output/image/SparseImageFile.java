package org.citadel.realmfs.core.output.image;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.NativeCallException;

/**
 * An image file read as {@code paddedSize} bytes, zeros after its end, in order (as a channel) or at
 * any position. Its holes (SEEK_DATA/SEEK_HOLE) are given as zeros without being read: an ext4 image
 * is mostly holes, and reading a hole makes the kernel fill page-cache pages with zeros, which cost
 * more than all the hashing of the data (about 2 s per GiB measured here) and take that memory from
 * the build.
 */
final class SparseImageFile implements ReadableByteChannel {
    private static final byte[] ZEROS = new byte[64 * 1024];

    private final Path path;
    private final FileChannel source;
    private final long paddedSize;
    private final List<long[]> dataRanges;
    private long position;

    SparseImageFile(Path path, long paddedSize) throws IOException {
        this.path = path;
        this.paddedSize = paddedSize;
        this.source = FileChannel.open(path, READ);
        try (Fd fd = Kernel.openReadOnly(path)) {
            this.dataRanges = Kernel.dataRanges(fd, source.size());
        } catch (NativeCallException | IOException e) {
            source.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** Reads in order from where the last read ended. */
    @Override
    public int read(ByteBuffer target) throws IOException {
        int read = read(target, position);
        if (read > 0) {
            position += read;
        }
        return read;
    }

    /**
     * Reads into {@code target} from {@code at}, up to the end of the data range or run of zeros
     * {@code at} is in; returns the bytes read, -1 at or after the padded end.
     */
    int read(ByteBuffer target, long at) throws IOException {
        if (at >= paddedSize) {
            return -1;
        }
        int range = rangeAtOrAfter(at);
        long dataStart = range < dataRanges.size() ? dataRanges.get(range)[0] : paddedSize;
        int limit = target.limit();
        try {
            if (at < dataStart) {
                target.limit((int) Math.min(limit, target.position() + (Math.min(dataStart, paddedSize) - at)));
                int zeros = target.remaining();
                while (target.hasRemaining()) {
                    target.put(ZEROS, 0, Math.min(ZEROS.length, target.remaining()));
                }
                return zeros;
            }
            target.limit((int) Math.min(limit, target.position() + (dataRanges.get(range)[1] - at)));
            int read = source.read(target, at);
            if (read < 0) {
                throw new IOException(path + " ended at " + at + " bytes, inside the data it reported");
            }
            return read;
        } finally {
            target.limit(limit);
        }
    }

    /** The first data range that ends after {@code at}. */
    private int rangeAtOrAfter(long at) {
        int low = 0;
        int high = dataRanges.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (dataRanges.get(middle)[1] <= at) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    @Override
    public boolean isOpen() {
        return source.isOpen();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
