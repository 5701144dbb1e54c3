package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.citadel.realmfs.core.events.ProgressSink;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.citadel.realmfs.core.output.StagingFiles;
import org.citadel.realmfs.core.rootfs.TreeManifest;

/**
 * Base ext4 images of package layers ({@link Ext4Base}), kept between builds so that a rebuild from
 * a cached package layer runs no mkfs. It lives in the layer cache's directory ({@code ext4-bases})
 * and is safe to share between builds running at the same time:
 *
 * <pre>
 * DIR/KEY.ext4       the base image (sparse)
 * DIR/KEY.manifest   the manifest of the base tree ({@link TreeManifest#write})
 * DIR/KEY.base       the seal, written last: the image's size, {@link SparseBlocks#checksum} and data bytes, the
 *                    manifest's SHA-256, and the UUID, hash seed and time mkfs was given
 * DIR/.NAME.N.partial  a file being written ({@link AtomicOutputFile}, renamed whole)
 * </pre>
 *
 * KEY is {@link #key}. An entry is checked against its seal before each reuse; a damaged one is
 * deleted and its base made again. Two builds writing one entry write the same bytes. An entry's
 * last use is its seal's modification time; {@link #evictBeyondLimit} deletes the least recently
 * used entries beyond the size limit.
 */
public final class Ext4BaseCache {
    public static final String DIRECTORY_NAME = "ext4-bases";
    /** The cache may take this fraction of the layer cache's size limit, besides it. */
    public static final int LAYER_CACHE_FRACTION = 4;
    static final String IMAGE = ".ext4";
    static final String MANIFEST = ".manifest";
    static final String SEAL = ".base";
    private static final String FORMAT = "realmfs ext4 base 1";

    private final Path directory;
    private final long sizeLimitBytes;

    private Ext4BaseCache(Path directory, long sizeLimitBytes) {
        this.directory = directory;
        this.sizeLimitBytes = sizeLimitBytes;
    }

    /** Opens (creating if needed) the cache in {@code directory}, removing what killed builds left half-written. */
    public static Ext4BaseCache open(Path directory, long sizeLimitBytes) {
        Path absolute = directory.toAbsolutePath().normalize();
        HostFiles.createDirectories("the ext4 base cache", absolute);
        StagingFiles.removeAbandoned(absolute);
        return new Ext4BaseCache(absolute, sizeLimitBytes);
    }

    /** The cache beside a layer cache in {@code layerCacheDirectory} limited to {@code layerCacheLimitBytes}. */
    public static Ext4BaseCache besideLayerCache(Path layerCacheDirectory, long layerCacheLimitBytes) {
        return open(layerCacheDirectory.resolve(DIRECTORY_NAME), layerCacheLimitBytes / LAYER_CACHE_FRACTION);
    }

    public Path directory() {
        return directory;
    }

    /**
     * The key of the base of the package layer with key digest {@code packageLayer}: everything
     * besides the layer's tree that decides the base image's bytes.
     *
     * @param size          the rule the base's size follows (rounded up to steps of {@link Ext4DeltaWriter#SIZE_STEP})
     * @param mke2fsConfig  the SHA-256 of the mke2fs.conf mkfs is given
     * @param e2fsprogs     the first line of {@code mkfs.ext4 -V}: another release may lay the image out differently
     */
    public static String key(String packageLayer, long epochSeconds, Ext4Size size, String mke2fsConfig,
                             String e2fsprogs) {
        return Sha256.hex(FORMAT + "\0layer=" + packageLayer + "\0epoch=" + epochSeconds + "\0size=" + size
                + "\0step=" + Ext4DeltaWriter.SIZE_STEP + "\0mke2fs.conf=" + mke2fsConfig + "\0e2fsprogs=" + e2fsprogs);
    }

    /** Where the image of {@code key} is written: {@link AtomicOutputFile} it, then {@link #store} the base. */
    public Path imagePath(String key) {
        return directory.resolve(key + IMAGE);
    }

    /**
     * The base stored under {@code key}, checked whole, or empty if there is none; a damaged entry
     * is deleted, {@code warnings} told, and empty returned. A found entry counts as used now.
     */
    public Optional<Ext4Base> find(String key, Consumer<String> warnings) {
        return find(key, warnings, ProgressSink.NONE);
    }

    /** {@link #find(String, Consumer)}, telling {@code checking} how much of the image's data is checked. */
    public Optional<Ext4Base> find(String key, Consumer<String> warnings, ProgressSink checking) {
        Path seal = directory.resolve(key + SEAL);
        Map<String, String> fields;
        try {
            fields = fields(Files.readString(seal, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw HostFiles.ioFailure("read the ext4 base's seal", seal, e);
        }
        Path image = imagePath(key);
        Path manifestFile = directory.resolve(key + MANIFEST);
        Optional<String> damage;
        Ext4Base base = null;
        try {
            damage = damage(fields, image, manifestFile, checking);
            if (damage.isEmpty()) {
                base = new Ext4Base(image, TreeManifest.read(manifestFile), new Ext4Reproducibility(
                        UUID.fromString(fields.get("uuid")), UUID.fromString(fields.get("hash-seed")),
                        Instant.ofEpochSecond(Long.parseLong(fields.get("time")))), Files.size(image));
            }
        } catch (IOException | RuntimeException e) {
            damage = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        if (damage.isPresent()) {
            warnings.accept("The cached ext4 base " + image + " is damaged (" + damage.get()
                    + "): deleted it, making the base again");
            remove(key);
            return Optional.empty();
        }
        touch(seal);
        return Optional.of(base);
    }

    /**
     * Commits {@code image} (the base's image, written to its temporary file) and {@code base}'s
     * manifest, then seals the entry; returns the base as stored.
     */
    public Ext4Base store(String key, AtomicOutputFile image, Ext4Base base) throws IOException {
        SparseBlocks.Summary blocks = SparseBlocks.checksum(image.temporary());
        long bytes = Files.size(image.temporary());
        String manifestSha256;
        try (AtomicOutputFile manifest = new AtomicOutputFile(directory.resolve(key + MANIFEST))) {
            base.manifest().write(manifest.temporary());
            manifestSha256 = sha256(manifest.temporary());
            manifest.commit();
        }
        Path committed = image.commit();
        try (AtomicOutputFile seal = new AtomicOutputFile(directory.resolve(key + SEAL))) {
            Files.writeString(seal.temporary(), FORMAT + "\nimage-bytes=" + bytes + "\nimage-crc32c=" + blocks.checksum()
                    + "\ndata-bytes=" + blocks.dataBytes() + "\nmanifest-sha256=" + manifestSha256 + "\nuuid=" + base.fixed().uuid() + "\nhash-seed="
                    + base.fixed().hashSeed() + "\ntime=" + base.fixed().epochSeconds() + "\n", StandardCharsets.UTF_8);
            seal.commit();
        }
        return new Ext4Base(committed, base.manifest(), base.fixed(), base.sizeBytes());
    }

    /**
     * Deletes the least recently used entries (and files of entries never sealed) until the rest fit
     * the size limit, never {@code keep}'s; returns how many it deleted.
     */
    public int evictBeyondLimit(String keep) throws IOException {
        record Entry(String key, long bytes, FileTime used) {
        }
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*" + IMAGE)) {
            for (Path image : listing) {
                String name = image.getFileName().toString();
                String key = name.substring(0, name.length() - IMAGE.length());
                try {
                    Path seal = directory.resolve(key + SEAL);
                    if (Files.exists(seal)) {
                        String dataBytes = fields(Files.readString(seal, StandardCharsets.UTF_8)).get("data-bytes");
                        entries.add(new Entry(key, dataBytes == null ? Files.size(image) : Long.parseLong(dataBytes),
                                Files.getLastModifiedTime(seal)));
                    } else {
                        entries.add(new Entry(key, Files.size(image), FileTime.fromMillis(0)));
                    }
                } catch (NoSuchFileException | NumberFormatException gone) {
                    // evicted by another build
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::used).reversed().thenComparing(Entry::key));
        long kept = 0;
        int evicted = 0;
        for (Entry entry : entries) {
            kept += entry.bytes();
            if (kept > sizeLimitBytes && !entry.key().equals(keep)) {
                remove(entry.key());
                evicted++;
            }
        }
        return evicted;
    }

    /** The seal first: an entry is never found half deleted. */
    private void remove(String key) {
        for (String suffix : List.of(SEAL, MANIFEST, IMAGE)) {
            HostFiles.deleteIfExists("the cached ext4 base", directory.resolve(key + suffix));
        }
    }

    private static Optional<String> damage(Map<String, String> fields, Path image, Path manifest,
                                           ProgressSink checking) throws IOException {
        if (!fields.containsKey(FORMAT)) {
            return Optional.of("its seal is not one of " + FORMAT);
        }
        if (!Files.exists(image) || !Files.exists(manifest)) {
            return Optional.of("its " + (Files.exists(image) ? "manifest" : "image") + " is missing");
        }
        long bytes = Files.size(image);
        if (!String.valueOf(bytes).equals(fields.get("image-bytes"))) {
            return Optional.of("its image has " + bytes + " bytes, " + fields.get("image-bytes") + " were stored");
        }
        String checksum = SparseBlocks.checksum(image, checking).checksum();
        if (!checksum.equals(fields.get("image-crc32c"))) {
            return Optional.of("its image's checksum is " + checksum + ", " + fields.get("image-crc32c")
                    + " was stored");
        }
        String manifestSha256 = sha256(manifest);
        if (!manifestSha256.equals(fields.get("manifest-sha256"))) {
            return Optional.of("its manifest's SHA-256 is " + manifestSha256 + ", " + fields.get("manifest-sha256")
                    + " was stored");
        }
        return Optional.empty();
    }

    private static Map<String, String> fields(String seal) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : seal.split("\n")) {
            int equals = line.indexOf('=');
            fields.put(equals < 0 ? line : line.substring(0, equals), equals < 0 ? "" : line.substring(equals + 1));
        }
        return fields;
    }

    private static String sha256(Path file) throws IOException {
        return Sha256.hex(Sha256.ofFile(Sha256.newDigest(), file, java.nio.ByteBuffer.allocate(1 << 16)));
    }

    private static void touch(Path seal) {
        try {
            Files.setLastModifiedTime(seal, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // another build evicted it meanwhile
        }
    }
}
