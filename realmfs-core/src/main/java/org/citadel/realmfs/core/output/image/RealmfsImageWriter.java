package org.citadel.realmfs.core.output.image;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.linux.FilesystemFullException;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.citadel.realmfs.core.output.XzCompressor;
import org.citadel.realmfs.core.output.image.header.HeaderFlag;
import org.citadel.realmfs.core.output.image.header.ImageHeader;
import org.citadel.realmfs.core.output.image.header.Metainfo;
import org.citadel.realmfs.core.output.image.verity.VerityHashTree;
import org.citadel.realmfs.core.output.image.verity.VerityResult;

/**
 * Turns an ext4 image into a RealmFS image file as Citadel's own tool does: pads the data to 4096,
 * builds the verity hash tree (written beside the image) and the sha256 in one read of the data,
 * and prepends the signed header. Compressed, the payload is xz(zero block + data), as Citadel's tool
 * writes it; uncompressed, the file is header + data, the layout {@code citadel-image decompress}
 * leaves installed, since Citadel does not touch an uncompressed file.
 * Both files are written under temporary names and renamed into place only when complete.
 */
public final class RealmfsImageWriter {
    private static final int BLOCK = VerityHashTree.BLOCK_SIZE;
    private static final int SECTOR = 512;
    private static final long MAX_NBLOCKS = 0xFFFF_FFFFL;

    private final XzCompressor xz;
    private final VerityHashTree verity;

    /** @param commands runs xz */
    public RealmfsImageWriter(BuildCommands commands) {
        this(HostTools.onCommandPath(), commands);
    }

    RealmfsImageWriter(HostTools tools, BuildCommands commands) {
        this.xz = new XzCompressor(tools, commands, "compress the RealmFS image");
        this.verity = VerityHashTree.create();
    }

    /** Writes {@code spec.imageFileName()} and {@code spec.hashTreeFileName()} into {@code outputDirectory}. */
    public WrittenRealmfsImage write(Path ext4Image, RealmfsImageSpec spec, Path outputDirectory) {
        long paddedSize = paddedSizeOf(ext4Image);
        if (spec.compressed()) {
            xz.requireInstalled();
        }
        Path imagePath = outputDirectory.resolve(spec.imageFileName());
        try {
            Files.createDirectories(outputDirectory);
            try (AtomicOutputFile hashTree = new AtomicOutputFile(outputDirectory.resolve(spec.hashTreeFileName()));
                 AtomicOutputFile image = new AtomicOutputFile(imagePath)) {
                Metainfo metainfo = spec.compressed()
                        ? writeCompressed(ext4Image, paddedSize, spec, hashTree.temporary(), image.temporary())
                        : writeUncompressed(ext4Image, paddedSize, spec, hashTree.temporary(), image.temporary());
                Path writtenHashTree = hashTree.commit();
                return new WrittenRealmfsImage(image.commit(), writtenHashTree, metainfo,
                        spec.signingKey().map(SigningKey::verifyingKey));
            }
        } catch (IOException | BuildFailedException e) {
            FilesystemFullException.writing("the RealmFS image " + imagePath + " and its hash tree", imagePath)
                    .advice("Free space there, or write the image to a filesystem with more room.")
                    .causedBy(e).ifPresent(full -> {
                        throw full;
                    });
            if (e instanceof BuildFailedException failed) {
                throw failed;
            }
            throw new BuildFailedException(Stage.WRITE_OUTPUTS, "Could not write the RealmFS image " + imagePath
                    + " from " + ext4Image + ": " + e.getMessage(), e);
        }
    }

    /** Header block then data, Citadel's installed layout: the data is copied sparsely straight to its place. */
    private Metainfo writeUncompressed(Path ext4Image, long paddedSize, RealmfsImageSpec spec, Path hashTree,
                                       Path image) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            Metainfo metainfo = hashAndCopy(ext4Image, paddedSize, spec, hashTree, file, BLOCK);
            writeHeader(file.getChannel(), spec, metainfo, EnumSet.noneOf(HeaderFlag.class));
            return metainfo;
        }
    }

    /** (zero block + data) is staged beside the image, compressed by xz, then appended to the header. */
    private Metainfo writeCompressed(Path ext4Image, long paddedSize, RealmfsImageSpec spec, Path hashTree,
                                     Path image) throws IOException {
        Path imageDirectory = image.toAbsolutePath().getParent();
        try (AtomicOutputFile payload = new AtomicOutputFile(imageDirectory.resolve("payload"));
             AtomicOutputFile compressed = new AtomicOutputFile(imageDirectory.resolve("payload.xz"))) {
            Metainfo metainfo;
            try (RandomAccessFile file = new RandomAccessFile(payload.temporary().toFile(), "rw")) {
                metainfo = hashAndCopy(ext4Image, paddedSize, spec, hashTree, file, BLOCK);
            }
            xz.compress(payload.temporary(), compressed.temporary());
            // image is the empty temporary file its AtomicOutputFile created for this build alone
            try (FileChannel out = FileChannel.open(image, java.nio.file.StandardOpenOption.WRITE,
                         java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
                 FileChannel in = FileChannel.open(compressed.temporary(), READ)) {
                writeHeader(out, spec, metainfo, EnumSet.of(HeaderFlag.DATA_COMPRESSED));
                long size = in.size();
                for (long done = 0; done < size; ) {
                    done += in.transferTo(done, size - done, out.position(ImageHeader.SIZE + done));
                }
            }
            return metainfo;
        }
    }

    /** Reads the ext4 image once: hash tree, sha256, and a sparse copy at {@code base} of {@code target}. */
    private Metainfo hashAndCopy(Path ext4Image, long paddedSize, RealmfsImageSpec spec, Path hashTree,
                                 RandomAccessFile target, long base) throws IOException {
        Sha256Tap sha256 = new Sha256Tap();
        VerityResult tree;
        try (ZeroPaddedChannel data = new ZeroPaddedChannel(FileChannel.open(ext4Image, READ), paddedSize)) {
            tree = verity.compute(data, paddedSize / BLOCK, spec.verityParameters(), hashTree,
                    sha256.andThen(new SparseCopyTap(target.getChannel(), base)));
        }
        target.setLength(base + paddedSize);
        return new Metainfo(spec.realmfsName(), spec.channel(), spec.version(), spec.timestamp(),
                tree.dataBlocks(), sha256.hex(), tree.salt(), tree.rootHash());
    }

    private static void writeHeader(FileChannel out, RealmfsImageSpec spec, Metainfo metainfo, Set<HeaderFlag> flags)
            throws IOException {
        byte[] metainfoBytes = metainfo.toBytes();
        ImageHeader header = ImageHeader.unsigned(flags, metainfoBytes);
        if (spec.signingKey().isPresent()) {
            header = header.withSignature(spec.signingKey().get().sign(metainfoBytes));
        }
        ByteBuffer block = ByteBuffer.wrap(header.encode());
        for (long position = 0; block.hasRemaining(); ) {
            position += out.write(block, position);
        }
    }

    private static long paddedSizeOf(Path ext4Image) {
        long size;
        try {
            size = Files.size(ext4Image);
        } catch (IOException e) {
            throw new InvalidRecipeException("Cannot read the ext4 image " + ext4Image + ": " + e.getMessage(), e);
        }
        if (size == 0 || size % SECTOR != 0) {
            throw new InvalidRecipeException("The ext4 image " + ext4Image + " has " + size + " bytes; a RealmFS image"
                    + " needs a positive multiple of " + SECTOR);
        }
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if (padded / BLOCK > MAX_NBLOCKS) {
            throw new InvalidRecipeException("The ext4 image " + ext4Image + " has " + size + " bytes; Citadel records"
                    + " nblocks as an unsigned 32-bit number of 4096-byte blocks, so at most " + MAX_NBLOCKS * BLOCK);
        }
        return padded;
    }
}
