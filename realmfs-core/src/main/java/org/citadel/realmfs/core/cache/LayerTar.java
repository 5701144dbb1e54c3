package org.citadel.realmfs.core.cache;

import java.io.BufferedInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import org.citadel.realmfs.core.output.tar.RestoreSummary;
import org.citadel.realmfs.core.output.tar.RootfsTarException;
import org.citadel.realmfs.core.output.tar.RootfsTarReader;
import org.citadel.realmfs.core.output.tar.RootfsTarWriter;
import org.citadel.realmfs.core.output.tar.TarWriteSummary;

/**
 * A layer's content: a tree written with {@link RootfsTarWriter} (owners, modes, hard links, device
 * nodes, extended attributes; never crossing a mount point), uncompressed, and digested as it is
 * written; restored with {@link RootfsTarReader}, digested as it is read.
 */
public final class LayerTar {
    private static final int BUFFER = 256 * 1024;

    private LayerTar() {
    }

    /**
     * Writes the tree under {@code tree} to {@code tarFile}. Not synced: a layer a crash leaves torn
     * fails its digest check on restore and is rebuilt, so the build does not wait for the disk.
     */
    public static WrittenTar write(Path tree, Path tarFile) {
        MessageDigest sha = Sha256.newDigest();
        try (FileOutputStream file = new FileOutputStream(tarFile.toFile());
             OutputStream out = new DigestOutputStream(file, sha)) {
            TarWriteSummary summary = new RootfsTarWriter().write(tree, out);
            out.flush();
            return new WrittenTar(Sha256.hex(sha), file.getChannel().size(), summary.entries());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the layer " + tarFile + " of " + tree, e);
        }
    }

    /**
     * Restores a stored layer into {@code target}, checking as it reads that the tar is the one
     * stored: same size, same SHA-256.
     *
     * @throws DamagedLayerException if it is not (the tree in {@code target} is then unusable)
     */
    public static RestoreSummary restore(StoredLayer layer, Path target) {
        MessageDigest sha = Sha256.newDigest();
        RestoreSummary summary;
        long bytes;
        try (InputStream file = Files.newInputStream(layer.tar());
             CountingInputStream counted = new CountingInputStream(new DigestInputStream(file, sha));
             InputStream in = new BufferedInputStream(counted, BUFFER)) {
            summary = new RootfsTarReader().restore(in, target);
            in.transferTo(OutputStream.nullOutputStream()); // the end-of-archive blocks count for the digest too
            bytes = counted.count();
        } catch (NoSuchFileException e) {
            throw new DamagedLayerException(layer.directory(), "its tar is missing");
        } catch (RootfsTarException e) {
            throw new DamagedLayerException(layer.directory(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the layer " + layer.tar(), e);
        }
        LayerMetadata stored = layer.metadata();
        if (bytes != stored.tarBytes()) {
            throw new DamagedLayerException(layer.directory(), "its tar has " + bytes + " bytes, "
                    + stored.tarBytes() + " were stored");
        }
        String digest = Sha256.hex(sha);
        if (!digest.equals(stored.tarSha256())) {
            throw new DamagedLayerException(layer.directory(), "its tar's SHA-256 is " + digest + ", "
                    + stored.tarSha256() + " was stored");
        }
        return summary;
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
            // Skipping would bypass the digest: read instead.
            byte[] buffer = new byte[(int) Math.min(n, BUFFER)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        long count() {
            return count;
        }
    }
}
