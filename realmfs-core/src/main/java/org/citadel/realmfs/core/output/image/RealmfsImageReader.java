package org.citadel.realmfs.core.output.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.io.HostFiles;
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
 * decompressed in Java when compressed) to check it as Citadel does when it installs the image.
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
            throw HostFiles.ioFailure("read the RealmFS image", image, e);
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

    /**
     * Checks the image as Citadel does when it installs and activates it, against {@code key}: the name
     * rule, the signature (always required), the layout (compressed: xz of a zero block and exactly
     * {@code nblocks} data blocks; uncompressed: header and data, exactly {@code (nblocks + 1) × 4096}
     * bytes), the {@code shasum} and the {@code verity-root} over the data.
     */
    public VerificationReport verify(VerifyingKey key) {
        List<String> problems = new ArrayList<>();
        if (!RealmfsImageOutput.isValidName(metainfo.realmfsName())) {
            problems.add("The realmfs-name '" + metainfo.realmfsName() + "' breaks Citadel's rule: "
                    + RealmfsImageOutput.NAME_RULE);
        }
        boolean signatureValid = isSignedBy(key);
        if (!signatureValid) {
            problems.add(header.isSigned() ? "The signature does not verify with the public key " + key.hex()
                    : "The image is unsigned, and Citadel verifies every sealed image");
        }
        boolean compressed = header.flags().contains(HeaderFlag.DATA_COMPRESSED);
        if (!compressed && !hasInstalledSize(problems)) {
            return new VerificationReport(header, metainfo, signatureValid, false, "", "", problems);
        }
        try (InputStream payload = openPayload(); ScratchFile hashFile = new ScratchFile("verity-check-")) {
            boolean leadingBlockZero = false;
            if (compressed) {
                byte[] leading = payload.readNBytes(BLOCK);
                leadingBlockZero = leading.length == BLOCK && Arrays.equals(leading, new byte[BLOCK]);
                if (!leadingBlockZero) {
                    problems.add("The compressed payload does not start with a " + BLOCK + "-byte block of zeros,"
                            + " which citadel-image decompress replaces with the header");
                }
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
            if (compressed && payload.read() >= 0) {
                problems.add("The compressed payload holds more than the zero block and " + metainfo.nblocks()
                        + " data blocks");
            }
            return new VerificationReport(header, metainfo, signatureValid, leadingBlockZero, shasum,
                    tree.rootHash(), problems);
        } catch (IOException e) {
            throw HostFiles.ioFailure("read the payload of the RealmFS image", image, e);
        }
    }

    /** An uncompressed image is installed as it is: header + data, exactly (nblocks + 1) blocks. */
    private boolean hasInstalledSize(List<String> problems) {
        long expected = (metainfo.nblocks() + 1) * BLOCK;
        long size;
        try {
            size = Files.size(image);
        } catch (IOException e) {
            throw HostFiles.ioFailure("read the RealmFS image", image, e);
        }
        boolean treeAppended = header.flags().contains(HeaderFlag.HASH_TREE_APPENDED);
        if (treeAppended ? size > expected : size == expected) {
            return true;
        }
        problems.add("The uncompressed image has " + size + " bytes; Citadel installs it as it is and needs the"
                + " header then the " + metainfo.nblocks() + " data blocks, " + expected + " bytes"
                + (size == expected + BLOCK ? " (this one has a zero block before the data, which only a compressed"
                + " payload may have)" : ""));
        return false;
    }

    /** The bytes after the header: the data, or the zero block and the data decompressed. */
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
