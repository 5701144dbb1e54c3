package org.citadel.realmfs.testing.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.citadel.realmfs.core.output.image.RealmfsImageReader;
import org.citadel.realmfs.core.output.image.SigningKey;
import org.citadel.realmfs.core.output.image.VerificationReport;
import org.citadel.realmfs.core.output.image.VerifyingKey;
import org.citadel.realmfs.core.output.image.header.HeaderFlag;
import org.citadel.realmfs.core.output.image.header.Metainfo;
import org.citadel.realmfs.testing.tree.UnreadableRootfsException;
import org.tukaani.xz.XZInputStream;

/**
 * A RealmFS image file as a test sees it: its header's metainfo, its signature, and a full check
 * (layout, sha256, verity root) done as Citadel does it, with realmfs-core's image reader. The only
 * class of realmfs-testing that reads images with realmfs-core.
 */
public final class RealmfsImage {
    /** The header before the data; the data of an uncompressed image is the ext4 from here on. */
    public static final int HEADER_BYTES = 4096;

    private final Path file;
    private final RealmfsImageReader reader;
    private final Metainfo metainfo;
    private final java.util.Map<String, Verification> verified = new java.util.HashMap<>();

    private RealmfsImage(Path file, RealmfsImageReader reader) {
        this.file = file;
        this.reader = reader;
        this.metainfo = reader.metainfo();
    }

    /** Reads the header; fails naming the file when it is not a RealmFS image. */
    public static RealmfsImage open(Path file) {
        try {
            return new RealmfsImage(file, RealmfsImageReader.open(file));
        } catch (RuntimeException e) {
            throw new UnreadableRootfsException("Cannot read " + file + " as a RealmFS image: " + e.getMessage(), e);
        }
    }

    /** The public key of Citadel's development key, which signs {@code dev} images, as 64 hex digits. */
    public static String developmentPublicKeyHex() {
        return SigningKey.development().verifyingKey().hex();
    }

    public Path file() {
        return file;
    }

    public String name() {
        return metainfo.realmfsName();
    }

    public String channel() {
        return metainfo.channel();
    }

    public long version() {
        return metainfo.version();
    }

    public String timestamp() {
        return metainfo.timestamp();
    }

    /** The verity root hash the header records, 64 hex digits. */
    public String verityRoot() {
        return metainfo.verityRoot();
    }

    /** The number of 4096-byte data blocks. */
    public long nblocks() {
        return metainfo.nblocks();
    }

    public boolean isCompressed() {
        return reader.header().flags().contains(HeaderFlag.DATA_COMPRESSED);
    }

    /** The header's metainfo text, for messages. */
    public String metainfoText() {
        return metainfo.toToml();
    }

    /** Whether the header's signature is the signature of {@code publicKeyHex}'s key. */
    public boolean isSignedBy(String publicKeyHex) {
        return reader.isSignedBy(VerifyingKey.fromHex(publicKeyHex));
    }

    /**
     * Checks the whole image as Citadel does against {@code publicKeyHex}: name rule, signature,
     * layout, the data's sha256 and verity root; one sentence per problem, empty when sound. The data
     * is read once per key (a compressed image's decompression is what takes the time).
     */
    public synchronized Verification verify(String publicKeyHex) {
        return verified.computeIfAbsent(publicKeyHex.strip().toLowerCase(java.util.Locale.ROOT), key -> {
            VerificationReport report = reader.verify(VerifyingKey.fromHex(key));
            return new Verification(report.signatureValid(), report.verityRoot(), report.problems());
        });
    }

    /** The verity root computed from the data, by any verification already made, else by one with the development key. */
    public synchronized String computedVerityRoot() {
        return verified.isEmpty() ? verify(developmentPublicKeyHex()).computedVerityRoot()
                : verified.values().iterator().next().computedVerityRoot();
    }

    /** What {@link #verify} found: whether the signature held, the verity root computed from the data, the problems. */
    public record Verification(boolean signatureValid, String computedVerityRoot, List<String> problems) {
        public Verification {
            problems = List.copyOf(problems);
        }

        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    /**
     * Decompresses a compressed image's data (the ext4) into a sparse scratch file in the JVM's
     * temporary directory, which the caller deletes.
     */
    public Path decompressData() {
        try {
            Path scratch = Files.createTempFile("realmfs-testing-", ".ext4");
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
                 FileChannel out = FileChannel.open(scratch, StandardOpenOption.WRITE)) {
                raw.skipNBytes(HEADER_BYTES);
                InputStream in = new XZInputStream(raw);
                in.skipNBytes(HEADER_BYTES); // the zero block that citadel-image decompress replaces with the header
                copySparse(in, out, nblocks() * HEADER_BYTES);
                return scratch;
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(scratch);
                throw e;
            }
        } catch (IOException e) {
            throw new UnreadableRootfsException("Cannot decompress the data of the RealmFS image " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Writes only the blocks that are not all zeros, so a mostly empty ext4 takes little disk. */
    private static void copySparse(InputStream in, FileChannel out, long length) throws IOException {
        byte[] block = new byte[1 << 16];
        long position = 0;
        while (position < length) {
            int n = in.readNBytes(block, 0, (int) Math.min(block.length, length - position));
            if (n == 0) {
                throw new IOException("the data ends after " + position + " of " + length + " bytes");
            }
            if (!allZero(block, n)) {
                out.write(ByteBuffer.wrap(block, 0, n), position);
            }
            position += n;
        }
        if (out.size() < length) {
            out.write(ByteBuffer.wrap(new byte[1]), length - 1);
        }
    }

    private static boolean allZero(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
