package org.citadel.realmfs.core.output.image;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.citadel.realmfs.core.output.StagingFiles;

/**
 * Compressed chunks of RealmFS image payloads, kept between builds so that a rebuild compresses only
 * the chunks whose bytes changed. It lives in the layer cache's directory ({@code xz-chunks}) and is
 * safe to share between builds running at the same time:
 *
 * <pre>
 * DIR/KEY.xzchunk     the chunk's .xz stream, then a trailer: "\nrealmfs-xz-chunk sha256=HEX\n",
 *                     HEX the sha256 of the stream; KEY the sha256 of the uncompressed chunk's
 *                     digest and the {@link XzChunkSettings}
 * DIR/.KEY.xzchunk.N.partial   an entry being written ({@link AtomicOutputFile}, renamed whole)
 * </pre>
 *
 * An entry is checked against its own digest before each reuse: a damaged one is deleted and its
 * chunk compressed again. Two builds writing the same entry write the same bytes, and the later
 * rename wins. The time an entry was last used is its modification time; {@link #evictBeyondLimit}
 * deletes the least recently used entries beyond the size limit. A build holds the entries it uses
 * open, so an entry another build evicts meanwhile still reads whole.
 */
public final class XzChunkCache {
    public static final String DIRECTORY_NAME = "xz-chunks";
    /** The cache may take this fraction of the layer cache's size limit, besides it. */
    public static final int LAYER_CACHE_FRACTION = 8;
    static final String SUFFIX = ".xzchunk";
    private static final String TRAILER_PREFIX = "\nrealmfs-xz-chunk sha256=";
    static final int TRAILER_BYTES = TRAILER_PREFIX.length() + 64 + 1;

    private final Path directory;
    private final long sizeLimitBytes;

    private XzChunkCache(Path directory, long sizeLimitBytes) {
        this.directory = directory;
        this.sizeLimitBytes = sizeLimitBytes;
    }

    /** Opens (creating if needed) the cache in {@code directory}, removing what killed builds left half-written. */
    public static XzChunkCache open(Path directory, long sizeLimitBytes) {
        Path absolute = directory.toAbsolutePath().normalize();
        HostFiles.createDirectories("the compressed-chunk cache", absolute);
        StagingFiles.removeAbandoned(absolute);
        return new XzChunkCache(absolute, sizeLimitBytes);
    }

    /** The cache beside a layer cache in {@code layerCacheDirectory} limited to {@code layerCacheLimitBytes}. */
    public static XzChunkCache besideLayerCache(Path layerCacheDirectory, long layerCacheLimitBytes) {
        return open(layerCacheDirectory.resolve(DIRECTORY_NAME), layerCacheLimitBytes / LAYER_CACHE_FRACTION);
    }

    public Path directory() {
        return directory;
    }

    public long sizeLimitBytes() {
        return sizeLimitBytes;
    }

    /** The key of the chunk whose bytes have the digest {@code chunkDigest} ({@link PayloadChunker}), compressed with {@code settings}. */
    static String key(String chunkDigest, XzChunkSettings settings) {
        return Sha256.hex("realmfs xz chunk 2\0" + settings.keyText() + "\0" + chunkDigest);
    }

    Path entry(String key) {
        return directory.resolve(key + SUFFIX);
    }

    /**
     * The entry for {@code key}, checked whole, or empty if there is none; a damaged entry is deleted,
     * {@code warnings} told, and empty returned. A found entry counts as used now.
     */
    Optional<CompressedChunk> find(String key, long uncompressedBytes, Consumer<String> warnings) throws IOException {
        Path entry = entry(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(entry, READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            Optional<String> damage = damage(channel);
            if (damage.isPresent()) {
                channel.close();
                warnings.accept("The cached compressed chunk " + entry + " is damaged (" + damage.get()
                        + "): deleted it, compressing the chunk again");
                Files.deleteIfExists(entry);
                return Optional.empty();
            }
            touch(entry);
            return Optional.of(new CompressedChunk(uncompressedBytes, channel, channel.size() - TRAILER_BYTES, null));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A new entry for {@code key}, to write the .xz stream to; then {@link #store} it. */
    AtomicOutputFile newEntry(String key) {
        return new AtomicOutputFile(entry(key));
    }

    /** Seals the stream written to {@code entry} with its digest and renames it into the cache; the chunk owns {@code entry}. */
    CompressedChunk store(AtomicOutputFile entry, long uncompressedBytes) throws IOException {
        FileChannel channel = FileChannel.open(entry.temporary(), READ, WRITE);
        try {
            long length = channel.size();
            byte[] trailer = (TRAILER_PREFIX + Sha256.hex(digestOf(channel, length)) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer buffer = ByteBuffer.wrap(trailer);
            for (long position = length; buffer.hasRemaining(); ) {
                position += channel.write(buffer, position);
            }
            entry.commit();
            return new CompressedChunk(uncompressedBytes, channel, length, entry);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Deletes the least recently used entries until the rest fit the size limit; returns how many
     * it deleted. An entry another build deletes at the same time is simply gone.
     */
    int evictBeyondLimit() throws IOException {
        record Entry(Path path, long bytes, FileTime used) {
        }
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path path : listing) {
                try {
                    entries.add(new Entry(path, Files.size(path), Files.getLastModifiedTime(path)));
                } catch (NoSuchFileException gone) {
                    // evicted by another build
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::used).reversed().thenComparing(Entry::path));
        long kept = 0;
        int evicted = 0;
        for (Entry entry : entries) {
            kept += entry.bytes();
            if (kept > sizeLimitBytes) {
                if (Files.deleteIfExists(entry.path())) {
                    evicted++;
                }
            }
        }
        return evicted;
    }

    private static Optional<String> damage(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size <= TRAILER_BYTES) {
            return Optional.of("only " + size + " bytes");
        }
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
        readFully(channel, trailer, size - TRAILER_BYTES);
        String text = new String(trailer.array(), StandardCharsets.US_ASCII);
        if (!text.startsWith(TRAILER_PREFIX) || !text.endsWith("\n")) {
            return Optional.of("no digest at its end");
        }
        String recorded = text.substring(TRAILER_PREFIX.length(), TRAILER_BYTES - 1);
        String actual = Sha256.hex(digestOf(channel, size - TRAILER_BYTES));
        return recorded.equals(actual) ? Optional.empty()
                : Optional.of("its sha256 is " + actual + ", recorded " + recorded);
    }

    private static MessageDigest digestOf(FileChannel channel, long length) throws IOException {
        MessageDigest sha256 = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        for (long position = 0; position < length; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new IOException("The file ended after " + position + " of " + length + " bytes");
            }
            sha256.update(buffer.array(), 0, read);
            position += read;
        }
        return sha256;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("The file ended at " + (position + buffer.position()));
            }
        }
    }

    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // another build evicted it: still readable through the open channel, and used this once more
        }
    }
}
