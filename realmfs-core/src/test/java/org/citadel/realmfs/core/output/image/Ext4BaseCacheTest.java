package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.citadel.realmfs.core.rootfs.TreeManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ext4BaseCacheTest {
    private static final Ext4Reproducibility FIXED = new Ext4Reproducibility(
            UUID.fromString("00000000-0000-0000-0000-000000000001"),
            UUID.fromString("00000000-0000-0000-0000-000000000002"), Instant.ofEpochSecond(1735689600));

    @TempDir
    Path directory;

    @Test
    void theKeyChangesWithEachInputThatDecidesTheBasesBytes() {
        String key = Ext4BaseCache.key("layer", 1, Ext4Size.withFreeSpace(1 << 20), "conf", "mke2fs 1.47.0");

        assertThat(Ext4BaseCache.key("layer", 1, Ext4Size.withFreeSpace(1 << 20), "conf", "mke2fs 1.47.0"))
                .isEqualTo(key).hasSize(64);
        assertThat(Set.of(key,
                Ext4BaseCache.key("other layer", 1, Ext4Size.withFreeSpace(1 << 20), "conf", "mke2fs 1.47.0"),
                Ext4BaseCache.key("layer", 2, Ext4Size.withFreeSpace(1 << 20), "conf", "mke2fs 1.47.0"),
                Ext4BaseCache.key("layer", 1, Ext4Size.withFreeSpace(2 << 20), "conf", "mke2fs 1.47.0"),
                Ext4BaseCache.key("layer", 1, Ext4Size.fitContent(), "conf", "mke2fs 1.47.0"),
                Ext4BaseCache.key("layer", 1, Ext4Size.fixed(1 << 30), "conf", "mke2fs 1.47.0"),
                Ext4BaseCache.key("layer", 1, Ext4Size.withFreeSpace(1 << 20), "other conf", "mke2fs 1.47.0"),
                Ext4BaseCache.key("layer", 1, Ext4Size.withFreeSpace(1 << 20), "conf", "mke2fs 1.47.1")))
                .hasSize(8);
    }

    @Test
    void aStoredBaseIsFoundWithItsManifestAndSettings() throws IOException {
        Ext4BaseCache cache = Ext4BaseCache.open(directory.resolve("bases"), 1L << 30);
        TreeManifest manifest = TreeManifest.of(tree());

        Ext4Base stored = store(cache, "k1", manifest);
        List<long[]> checked = new ArrayList<>();
        Optional<Ext4Base> found = cache.find("k1", warning -> {
            throw new AssertionError(warning);
        }, (done, total) -> checked.add(new long[] {done, total}));

        assertThat(found).hasValueSatisfying(base -> {
            assertThat(base.image()).isEqualTo(stored.image()).isEqualTo(cache.imagePath("k1"));
            assertThat(base.manifest()).isEqualTo(manifest);
            assertThat(base.fixed()).isEqualTo(FIXED);
            assertThat(base.sizeBytes()).isEqualTo(16 * 4096);
        });
        assertThat(checked).isNotEmpty().allSatisfy(at -> assertThat(at[1]).isPositive());
        assertThat(checked.get(0)[0]).isZero();
        assertThat(checked.get(checked.size() - 1)[0]).isEqualTo(checked.get(0)[1]); // the whole image's data checked
        assertThat(cache.find("k2", warning -> { })).isEmpty();
    }

    @Test
    void aDamagedImageOrAMissingManifestIsReportedAndTheEntryDeleted() throws IOException {
        Ext4BaseCache cache = Ext4BaseCache.open(directory.resolve("bases"), 1L << 30);
        TreeManifest manifest = TreeManifest.of(tree());
        store(cache, "k1", manifest);
        store(cache, "k2", manifest);
        try (RandomAccessFile image = new RandomAccessFile(cache.imagePath("k1").toFile(), "rw")) {
            image.seek(5 * 4096 + 7); // a zero block becomes data
            image.write(1);
        }
        Files.delete(cache.directory().resolve("k2" + Ext4BaseCache.MANIFEST));
        List<String> warnings = new ArrayList<>();

        assertThat(cache.find("k1", warnings::add)).isEmpty();
        assertThat(cache.find("k2", warnings::add)).isEmpty();

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains(cache.imagePath("k1").toString(), "damaged", "checksum");
        assertThat(warnings.get(1)).contains("manifest is missing");
        try (var left = Files.list(cache.directory())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theLeastRecentlyUsedBasesBeyondTheLimitAreEvicted() throws IOException {
        // each image takes 8 KiB on disk (two data blocks): room for two
        Ext4BaseCache cache = Ext4BaseCache.open(directory.resolve("bases"), 2 * 8192 + 4096);
        TreeManifest manifest = TreeManifest.of(tree());
        for (String key : List.of("old", "used", "new")) {
            store(cache, key, manifest);
        }
        Files.setLastModifiedTime(cache.directory().resolve("old" + Ext4BaseCache.SEAL), FileTime.fromMillis(1000));
        Files.setLastModifiedTime(cache.directory().resolve("used" + Ext4BaseCache.SEAL), FileTime.fromMillis(2000));
        Files.setLastModifiedTime(cache.directory().resolve("new" + Ext4BaseCache.SEAL), FileTime.fromMillis(3000));
        assertThat(cache.find("used", warning -> { })).isPresent(); // used now

        assertThat(cache.evictBeyondLimit("new")).isEqualTo(1);

        assertThat(cache.find("old", warning -> { })).isEmpty();
        assertThat(cache.find("used", warning -> { })).isPresent();
        assertThat(cache.find("new", warning -> { })).isPresent();
    }

    /** A fake image: 16 blocks, data in blocks 0 and 9, holes elsewhere. */
    private Ext4Base store(Ext4BaseCache cache, String key, TreeManifest manifest) throws IOException {
        try (AtomicOutputFile image = new AtomicOutputFile(cache.imagePath(key))) {
            try (RandomAccessFile file = new RandomAccessFile(image.temporary().toFile(), "rw")) {
                file.setLength(16 * 4096);
                file.seek(0);
                file.write(key.getBytes());
                file.seek(9 * 4096);
                file.write(new byte[] {1, 2, 3});
            }
            return cache.store(key, image, new Ext4Base(image.temporary(), manifest, FIXED, 16 * 4096));
        }
    }

    private Path tree() throws IOException {
        Path tree = Files.createDirectories(directory.resolve("tree"));
        if (!Files.exists(tree.resolve("etc"))) {
            Files.createDirectories(tree.resolve("etc"));
            Files.writeString(tree.resolve("etc/hostname"), "realm\n");
            Files.createSymbolicLink(tree.resolve("etc/link"), Path.of("hostname"));
            Files.createLink(tree.resolve("etc/hard"), tree.resolve("etc/hostname"));
        }
        return tree;
    }
}
