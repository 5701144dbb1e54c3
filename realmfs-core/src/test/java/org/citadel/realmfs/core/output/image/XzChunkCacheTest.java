package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XzChunkCacheTest {
    private static final String DIGEST = "ab".repeat(32);
    private static final XzChunkSettings SIX = new XzChunkSettings(6, "xz (XZ Utils) 5.4.1", 24L << 20, "crc64");

    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();

    @Test
    void the_key_changes_with_the_chunk_and_with_every_setting() {
        String key = XzChunkCache.key(DIGEST, SIX);

        assertThat(key).hasSize(64).isEqualTo(XzChunkCache.key(DIGEST, SIX));
        assertThat(List.of(
                XzChunkCache.key("cd".repeat(32), SIX),
                XzChunkCache.key(DIGEST, new XzChunkSettings(1, SIX.xzVersion(), SIX.chunkBytes(), SIX.check())),
                XzChunkCache.key(DIGEST, new XzChunkSettings(6, "xz (XZ Utils) 5.6.2", SIX.chunkBytes(), SIX.check())),
                XzChunkCache.key(DIGEST, new XzChunkSettings(6, SIX.xzVersion(), 8L << 20, SIX.check())),
                XzChunkCache.key(DIGEST, new XzChunkSettings(6, SIX.xzVersion(), SIX.chunkBytes(), "sha256"))))
                .doesNotContain(key).doesNotHaveDuplicates();
    }

    @Test
    void a_stored_chunk_is_found_whole_without_its_trailer() throws IOException {
        XzChunkCache cache = XzChunkCache.open(dir, 1 << 20);
        store(cache, "k1", "stream bytes");

        Optional<CompressedChunk> found = cache.find("k1", 100, warnings::add);

        assertThat(found).hasValueSatisfying(chunk -> assertThat(chunk.length()).isEqualTo(12));
        found.get().close();
        assertThat(cache.find("k2", 100, warnings::add)).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void a_damaged_entry_is_reported_deleted_and_not_found() throws IOException {
        XzChunkCache cache = XzChunkCache.open(dir, 1 << 20);
        store(cache, "k1", "stream bytes");
        Path entry = cache.entry("k1");
        byte[] bytes = Files.readAllBytes(entry);
        bytes[3] ^= 1;
        Files.write(entry, bytes);

        assertThat(cache.find("k1", 100, warnings::add)).isEmpty();
        assertThat(warnings).singleElement().asString().contains(entry.toString(), "damaged", "sha256");
        assertThat(entry).doesNotExist();
    }

    @Test
    void a_truncated_entry_is_damaged_too() throws IOException {
        XzChunkCache cache = XzChunkCache.open(dir, 1 << 20);
        Files.write(cache.entry("k1"), new byte[10]);

        assertThat(cache.find("k1", 100, warnings::add)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("damaged");
    }

    @Test
    void eviction_deletes_the_least_recently_used_entries_beyond_the_limit_and_a_reuse_counts_as_use() throws IOException {
        long entryBytes = 1000 + XzChunkCache.TRAILER_BYTES;
        XzChunkCache cache = XzChunkCache.open(dir, 2 * entryBytes);
        for (String key : List.of("old", "middle", "new")) {
            store(cache, key, "x".repeat(1000));
        }
        Files.setLastModifiedTime(cache.entry("old"), FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(cache.entry("middle"), FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(cache.entry("new"), FileTime.fromMillis(3_000_000));
        cache.find("old", 1, warnings::add).orElseThrow().close();

        assertThat(cache.evictBeyondLimit()).isEqualTo(1);
        assertThat(cache.entry("middle")).doesNotExist();
        assertThat(cache.entry("old")).exists();
        assertThat(cache.entry("new")).exists();
    }

    @Test
    void opening_removes_entries_a_killed_build_left_half_written() throws IOException {
        Path partial = Files.writeString(dir.resolve(".k1.xzchunk.123456.partial"), "half");

        XzChunkCache.open(dir, 1 << 20);

        assertThat(partial).doesNotExist();
    }

    private static void store(XzChunkCache cache, String key, String stream) throws IOException {
        AtomicOutputFile entry = cache.newEntry(key);
        Files.writeString(entry.temporary(), stream);
        cache.store(entry, 100).close();
    }
}
