package org.citadel.realmfs.core.output.image;


import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
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
import org.citadel.realmfs.core.output.image.verity.DataTap;
import org.citadel.realmfs.core.output.image.verity.VerityHashTree;
import org.citadel.realmfs.core.output.image.verity.VerityResult;

/**
 * Turns an ext4 image into a RealmFS image file as Citadel's own tool does: pads the data to 4096,
 * builds the verity hash tree (written beside the image), the sha256 and the payload in one read of
 * the data, and writes the signed header into the first block, last. Compressed, the payload is
 * xz(zero block + data) as concatenated .xz streams of {@link #CHUNK_BYTES} chunks each, which
 * {@code xz -d} (and so {@code citadel-image decompress}) turns into one output; chunks found in the
 * {@link XzChunkCache} are copied, not compressed again. Uncompressed, the file is header + data, the
 * layout {@code citadel-image decompress} leaves installed, since Citadel does not touch an
 * uncompressed file.
 * Both files are written under temporary names and renamed into place only when complete.
 */
public final class RealmfsImageWriter {
    private static final int BLOCK = VerityHashTree.BLOCK_SIZE;
    private static final int SECTOR = 512;
    private static final long MAX_NBLOCKS = 0xFFFF_FFFFL;

    /** The payload is compressed in chunks of this many bytes, xz's block size: one block each. */
    static final long CHUNK_BYTES = XzCompressor.BLOCK_SIZE;

    private final HostTools tools;
    private final BuildCommands commands;
    private final Optional<XzChunkCache> chunkCache;
    private final VerityHashTree verity;

    /** @param commands runs xz */
    public RealmfsImageWriter(BuildCommands commands) {
        this(commands, Optional.empty());
    }

    /** @param chunkCache where compressed chunks are kept between builds, if anywhere */
    public RealmfsImageWriter(BuildCommands commands, Optional<XzChunkCache> chunkCache) {
        this(HostTools.onCommandPath(), commands, chunkCache);
    }

    RealmfsImageWriter(HostTools tools, BuildCommands commands) {
        this(tools, commands, Optional.empty());
    }

    RealmfsImageWriter(HostTools tools, BuildCommands commands, Optional<XzChunkCache> chunkCache) {
        this.tools = tools;
        this.commands = commands;
        this.chunkCache = chunkCache;
        this.verity = VerityHashTree.create();
    }

    /** Writes {@code spec.imageFileName()} and {@code spec.hashTreeFileName()} into {@code outputDirectory}. */
    public WrittenRealmfsImage write(Path ext4Image, RealmfsImageSpec spec, Path outputDirectory) {
        long paddedSize = paddedSizeOf(ext4Image);
        XzCompressor xz = new XzCompressor(tools, commands, "compress the RealmFS image", spec.xzLevel());
        if (spec.compressed()) {
            xz.requireInstalled();
        }
        Path imagePath = outputDirectory.resolve(spec.imageFileName());
        try {
            Files.createDirectories(outputDirectory);
            try (AtomicOutputFile hashTree = new AtomicOutputFile(outputDirectory.resolve(spec.hashTreeFileName()));
                 AtomicOutputFile image = new AtomicOutputFile(imagePath)) {
                Metainfo metainfo = spec.compressed()
                        ? writeCompressed(xz, ext4Image, paddedSize, spec, hashTree.temporary(), image.temporary())
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
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw");
             SparseImageFile data = new SparseImageFile(ext4Image, paddedSize)) {
            DataTap progress = new ProgressTap(commands.events(), "hash and copy " + spec.imageFileName(), paddedSize);
            Metainfo metainfo = hash(data, paddedSize, spec, hashTree,
                    new SparseCopyTap(file.getChannel(), BLOCK).andThen(progress));
            file.setLength(BLOCK + paddedSize);
            writeHeader(file.getChannel(), spec, metainfo, EnumSet.noneOf(HeaderFlag.class));
            return metainfo;
        }
    }

    /**
     * The first block is reserved for the header, written last; after it come the .xz streams of
     * (zero block + data) cut into chunks, as the one read of the data that also hashes it hands
     * them over: only the chunks the cache lacks are staged and compressed.
     */
    private Metainfo writeCompressed(XzCompressor xz, Path ext4Image, long paddedSize, RealmfsImageSpec spec,
                                     Path hashTree, Path image) throws IOException {
        Path directory = image.toAbsolutePath().getParent();
        String name = spec.imageFileName();
        XzChunkSettings settings = new XzChunkSettings(spec.xzLevel(), xz.version(), CHUNK_BYTES, XzCompressor.CHECK);
        long start = System.nanoTime();
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw");
             SparseImageFile data = new SparseImageFile(ext4Image, paddedSize);
             ChunkedXzPayload payload = new ChunkedXzPayload(xz,
                     new PayloadChunkFiles(data, chunk -> new AtomicOutputFile(directory.resolve(name + ".chunk"))),
                     chunkCache, settings, () -> new AtomicOutputFile(directory.resolve(name + ".chunk.xz")),
                     Runtime.getRuntime().availableProcessors(), BLOCK + paddedSize, "compress " + name,
                     commands.events())) {
            PayloadChunker chunker = new PayloadChunker(CHUNK_BYTES, payload);
            Metainfo metainfo = hash(data, paddedSize, spec, hashTree, chunker);
            chunker.finish();
            payload.finish();
            long written = payload.writeTo(file.getChannel(), ImageHeader.SIZE);
            file.setLength(ImageHeader.SIZE + written);
            writeHeader(file.getChannel(), spec, metainfo, EnumSet.of(HeaderFlag.DATA_COMPRESSED));
            commands.events().message(Stage.WRITE_OUTPUTS, reuseReport(payload, written, start));
            return metainfo;
        } finally {
            evictChunks();
        }
    }

    private String reuseReport(ChunkedXzPayload payload, long written, long startNanos) {
        int compressed = payload.chunks() - payload.reusedChunks();
        return (chunkCache.isPresent() ? "reused " + payload.reusedChunks() + " of " + payload.chunks()
                + " compressed chunks, compressed " + compressed : "compressed " + payload.chunks() + " chunks"
                + " (no chunk cache without the layer cache)")
                + String.format(java.util.Locale.ROOT, ": %.1f MiB of xz in %.1f s", written / 1048576.0,
                (System.nanoTime() - startNanos) / 1e9);
    }

    private void evictChunks() {
        if (chunkCache.isEmpty()) {
            return;
        }
        try {
            int evicted = chunkCache.get().evictBeyondLimit();
            if (evicted > 0) {
                commands.events().message(Stage.WRITE_OUTPUTS, "deleted the " + evicted + " least recently used"
                        + " compressed chunks from " + chunkCache.get().directory() + " (limited to "
                        + (chunkCache.get().sizeLimitBytes() >> 20) + " MiB)");
            }
        } catch (IOException e) {
            commands.events().warning(Stage.WRITE_OUTPUTS, "Could not trim the compressed-chunk cache "
                    + chunkCache.get().directory() + ": " + e.getMessage());
        }
    }

    /** Reads the ext4 image once, from its start: hash tree and sha256, and the data shown to {@code tap}. */
    private Metainfo hash(SparseImageFile data, long paddedSize, RealmfsImageSpec spec, Path hashTree, DataTap tap)
            throws IOException {
        Sha256Tap sha256 = new Sha256Tap();
        VerityResult tree = verity.compute(data, paddedSize / BLOCK, spec.verityParameters(), hashTree, sha256.andThen(tap));
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
