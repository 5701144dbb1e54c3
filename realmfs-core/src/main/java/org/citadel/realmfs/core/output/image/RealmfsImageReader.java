package org.citadel.realmfs.core.output.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.citadel.realmfs.core.output.image.header.HeaderFlag;
import org.citadel.realmfs.core.output.image.header.ImageHeader;
import org.citadel.realmfs.core.output.image.header.MalformedImageException;
import org.citadel.realmfs.core.output.image.header.Metainfo;
import org.citadel.realmfs.core.output.image.verity.VerityHashTree;
import org.citadel.realmfs.core.output.image.verity.VerityParameters;
import org.citadel.realmfs.core.output.image.verity.VerityResult;
import org.tukaani.xz.XZInputStream;

/**
 * Reads a RealmFS image file: its header at once, and on {@link #verify} the whole payload (xz
 * decompressed in Java when compressed) to check the signature, the leading zero block, the
 * {@code shasum} and the {@code verity-root} as Citadel does when it installs the image.
 */
public final class RealmfsImageReader {
    private static final int BLOCK = VerityHashTree.BLOCK_SIZE;
    private static final int READ_BUFFER = 1 << 20;

    private final Path image;
    private final ImageHeader header;
    private final Metainfo metainfo;

    private RealmfsImageReader(Path image, ImageHeader header) {
        this.image = image;
        this.header = header;
        this.metainfo = header.metainfo();
    }

    /** Reads and parses the header; throws {@link MalformedImageException} if it is not a RealmFS image. */
    public static RealmfsImageReader open(Path image) {
        try (InputStream in = Files.newInputStream(image)) {
            return new RealmfsImageReader(image, ImageHeader.decode(in.readNBytes(ImageHeader.SIZE)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the RealmFS image " + image, e);
        }
    }

    public ImageHeader header() {
        return header;
    }

    public Metainfo metainfo() {
        return metainfo;
    }

    public boolean isSignedBy(VerifyingKey key) {
        return header.isSigned() && key.verify(header.metainfoBytes(), header.signature());
    }

    /** Reads the whole payload and checks everything the header claims against {@code key}. */
    public VerificationReport verify(VerifyingKey key) {
        List<String> problems = new ArrayList<>();
        boolean signatureValid = isSignedBy(key);
        if (!signatureValid) {
            problems.add(header.isSigned() ? "The signature does not verify with the public key " + key.hex()
                    : "The image is unsigned");
        }
        try (InputStream payload = openPayload(); ScratchFile hashFile = new ScratchFile("verity-check-")) {
            byte[] leading = payload.readNBytes(BLOCK);
            boolean leadingBlockZero = leading.length == BLOCK && Arrays.equals(leading, new byte[BLOCK]);
            if (!leadingBlockZero) {
                problems.add("The payload does not start with a " + BLOCK + "-byte block of zeros");
            }
            Sha256Tap sha256 = new Sha256Tap();
            VerityResult tree = VerityHashTree.create().compute(Channels.newChannel(payload), metainfo.nblocks(),
                    VerityParameters.withSaltHex(metainfo.veritySalt()), hashFile.path(), sha256);
            String shasum = sha256.hex();
            if (!shasum.equals(metainfo.shasum())) {
                problems.add("The data's sha256 is " + shasum + ", the header records " + metainfo.shasum());
            }
            if (!tree.rootHash().equals(metainfo.verityRoot())) {
                problems.add("The verity root hash is " + tree.rootHash() + ", the header records "
                        + metainfo.verityRoot());
            }
            if (!header.flags().contains(HeaderFlag.HASH_TREE_APPENDED) && payload.read() >= 0) {
                problems.add("The payload holds more than the zero block and " + metainfo.nblocks() + " data blocks");
            }
            return new VerificationReport(header, metainfo, signatureValid, leadingBlockZero, shasum,
                    tree.rootHash(), problems);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the payload of the RealmFS image " + image + ": "
                    + e.getMessage(), e);
        }
    }

    /** The bytes after the header: the zero block and the data, decompressed if need be. */
    private InputStream openPayload() throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(image), READ_BUFFER);
        try {
            in.skipNBytes(ImageHeader.SIZE);
            return header.flags().contains(HeaderFlag.DATA_COMPRESSED) ? new XZInputStream(in) : in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
