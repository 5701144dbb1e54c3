package org.citadel.realmfs.core.cache;

import java.io.BufferedInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import org.citadel.realmfs.core.events.ProgressInputStream;
import org.citadel.realmfs.core.events.ProgressSink;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.output.tar.RestoreSummary;
import org.citadel.realmfs.core.output.tar.RootfsTarException;
import org.citadel.realmfs.core.output.tar.RootfsTarReader;
import org.citadel.realmfs.core.output.tar.RootfsTarWriter;
import org.citadel.realmfs.core.output.tar.TarWriteListener;

/**
 * A layer's content: a tree written with {@link RootfsTarWriter} (owners, modes, hard links, device
 * nodes, extended attributes; never crossing a mount point), uncompressed, straight to its file so
 * that file contents go kernel to kernel; restored with {@link RootfsTarReader}.
 *
 * <p>The tar's size and CRC-32C prove it whole: they catch a tar torn by a crash and bits changed on
 * disk, which is what can happen to a cache directory only root writes (whoever can change the tar
 * can change the checksum beside it, so a cryptographic digest would add cost and no protection).
 * CRC-32C runs at several GB/s, a SHA-256 at about one: on a cold build that is half a second.
 */
public final class LayerTar {
    private static final int BUFFER = 256 * 1024;

    private LayerTar() {
    }

    /**
     * Writes the tree under {@code tree} to {@code tarFile}, then checksums the file as written (read
     * back from the page cache). Not synced: a layer a crash leaves torn fails its check on restore
     * and is rebuilt, so the build does not wait for the disk.
     */
    public static WrittenTar write(Path tree, Path tarFile) {
        return write(tree, tarFile, TarWriteListener.IGNORE);
    }

    /** {@link #write(Path, Path)}, telling {@code omissions} what the tar leaves out. */
    public static WrittenTar write(Path tree, Path tarFile, TarWriteListener omissions) {
        return checksum(tarFile, writeTree(tree, tarFile, omissions));
    }

    /**
     * The half of {@link #write} that reads the tree: writes the tar and returns its number of
     * entries. Once it returns, the tree may change: {@link #checksum} needs only the file.
     */
    public static long writeTree(Path tree, Path tarFile, TarWriteListener omissions) {
        try (FileOutputStream file = new FileOutputStream(tarFile.toFile())) {
            return new RootfsTarWriter(omissions).write(tree, file).entries();
        } catch (IOException e) {
            throw HostFiles.ioFailure("write the layer of " + tree + " to", tarFile, e);
        }
    }

    /** The size and CRC-32C of a tar {@link #writeTree} wrote (read back from the page cache). */
    public static WrittenTar checksum(Path tarFile, long entries) {
        CRC32C crc = new CRC32C();
        long bytes = 0;
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel written = FileChannel.open(tarFile)) {
            for (int read = written.read(buffer); read >= 0; read = written.read(buffer)) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
                bytes += read;
            }
        } catch (IOException e) {
            throw HostFiles.ioFailure("read back the layer", tarFile, e);
        }
        return new WrittenTar(hex(crc), bytes, entries);
    }

    /**
     * Restores a stored layer into {@code target}, checking as it reads that the tar is the one
     * stored: same size, same CRC-32C.
     *
     * @throws DamagedLayerException if it is not (the tree in {@code target} is then unusable)
     */
    public static RestoreSummary restore(StoredLayer layer, Path target) {
        return restore(layer, target, ProgressSink.NONE);
    }

    /** {@link #restore(StoredLayer, Path)}, telling {@code progress} the bytes of the tar read of all of them. */
    public static RestoreSummary restore(StoredLayer layer, Path target, ProgressSink progress) {
        InputStream file;
        try {
            file = new ProgressInputStream(Files.newInputStream(layer.tar()), progress, layer.metadata().tarBytes());
        } catch (NoSuchFileException e) {
            throw new DamagedLayerException(layer.directory(), "its tar is missing");
        } catch (IOException e) {
            throw HostFiles.ioFailure("read the layer", layer.tar(), e);
        }
        try (OpenedLayer opened = new OpenedLayer(layer, file)) {
            return restore(opened, target);
        }
    }

    /** {@link #restore(StoredLayer, Path)} from the tar a {@link LayerStore} opened under its lock. */
    static RestoreSummary restore(OpenedLayer opened, Path target) {
        StoredLayer layer = opened.layer();
        CRC32C crc = new CRC32C();
        RestoreSummary summary;
        long bytes;
        try (InputStream file = opened.tar();
             CountingInputStream counted = new CountingInputStream(new CheckedInputStream(file, crc));
             InputStream in = new BufferedInputStream(counted, BUFFER)) {
            summary = new RootfsTarReader().restore(in, target);
            in.transferTo(OutputStream.nullOutputStream()); // the end-of-archive blocks count for the checksum too
            bytes = counted.count();
        } catch (RootfsTarException e) {
            throw new DamagedLayerException(layer.directory(), e.getMessage());
        } catch (IOException e) {
            throw HostFiles.ioFailure("read the layer", layer.tar(), e);
        }
        LayerMetadata stored = layer.metadata();
        if (bytes != stored.tarBytes()) {
            throw new DamagedLayerException(layer.directory(), "its tar has " + bytes + " bytes, "
                    + stored.tarBytes() + " were stored");
        }
        String checksum = hex(crc);
        if (!checksum.equals(stored.tarCrc32c())) {
            throw new DamagedLayerException(layer.directory(), "its tar's CRC-32C is " + checksum + ", "
                    + stored.tarCrc32c() + " was stored");
        }
        return summary;
    }

    private static String hex(CRC32C crc) {
        return String.format("%08x", crc.getValue());
    }

    /** Counts the bytes read through it. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipping would bypass the checksum: read instead.
            byte[] buffer = new byte[(int) Math.min(n, BUFFER)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        long count() {
            return count;
        }
    }
}
