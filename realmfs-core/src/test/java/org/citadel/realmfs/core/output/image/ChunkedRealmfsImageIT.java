package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed RealmFS images made in chunks with a chunk cache, from real ext4 images, checked with
 * the host's xz and the independent Citadel-layout check: a rebuild after one changed file
 * compresses only the chunks that changed and still gives the bytes a cold build gives.
 */
class ChunkedRealmfsImageIT {
    /** About 35 MiB of text, so the ext4 holds several 24 MiB chunks that xz compresses quickly. */
    private static final int TEXT_LINES = 2_500_000;

    @TempDir
    Path dir;
    RecordedCommands commands;
    Path rootfs;
    XzChunkCache cache;

    @BeforeEach
    void rootfsWithSeveralChunksOfData() throws IOException {
        commands = RecordedCommands.onHost(Files.createDirectory(dir.resolve("log")));
        rootfs = RealmfsImageIT.RootfsFixture.create(dir.resolve("rootfs"));
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < TEXT_LINES; line++) {
            text.append("line ").append(line).append(": ").append(Long.toHexString(random.nextLong() & 0xFFFF)).append('\n');
        }
        Files.writeString(rootfs.resolve("usr/share-text"), text);
        cache = XzChunkCache.open(dir.resolve("layer-cache").resolve(XzChunkCache.DIRECTORY_NAME), 1L << 30);
    }

    @AfterEach
    void closeTheLog() {
        commands.close();
    }

    @Test
    void a_rebuild_after_one_changed_file_compresses_only_the_changed_chunks_and_citadel_accepts_it() throws IOException {
        write("first", Optional.of(cache));
        Files.writeString(rootfs.resolve("etc/hostname"), "changed\n");
        Path ext4 = ext4("second");
        int eventsBefore = commands.events().size();

        WrittenRealmfsImage rebuilt = writeFrom(ext4, "second", Optional.of(cache));

        String report = messages(eventsBefore).filter(m -> m.startsWith("reused ")).findFirst().orElseThrow();
        int reused = Integer.parseInt(report.split(" ")[1]);
        int chunks = Integer.parseInt(report.split(" ")[3]);
        assertThat(chunks).isEqualTo(expectedChunks(ext4)).isGreaterThanOrEqualTo(3);
        assertThat(reused).as(report).isPositive().isLessThan(chunks);
        assertThat(CitadelImageCheck.problems(rebuilt.image(), List.of(), Files.createDirectory(dir.resolve("check"))))
                .isEmpty();
        assertThat(decompressed(rebuilt.image())).isEqualTo(zeroBlockThen(ext4));
        WrittenRealmfsImage cold = writeFrom(ext4, "cold", Optional.empty());
        assertThat(Files.mismatch(rebuilt.image(), cold.image())).as("cached vs cold bytes").isEqualTo(-1L);
    }

    @Test
    void a_damaged_cached_chunk_is_reported_deleted_and_compressed_again_giving_the_same_image() throws IOException {
        Path ext4 = ext4("data");
        WrittenRealmfsImage first = writeFrom(ext4, "first", Optional.of(cache));
        byte[] firstBytes = Files.readAllBytes(first.image());
        Path damaged = largestEntry();
        try (RandomAccessFile file = new RandomAccessFile(damaged.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x55);
        }
        int eventsBefore = commands.events().size();

        WrittenRealmfsImage again = writeFrom(ext4, "again", Optional.of(cache));

        assertThat(commands.events().subList(eventsBefore, commands.events().size()))
                .filteredOn(BuildEvent.Warning.class::isInstance)
                .map(e -> ((BuildEvent.Warning) e).text())
                .singleElement().asString().contains(damaged.toString(), "damaged", "compressing the chunk again");
        int chunks = expectedChunks(ext4);
        assertThat(messages(eventsBefore)).anyMatch(m -> m.startsWith("reused " + (chunks - 1) + " of " + chunks + " "));
        assertThat(Files.readAllBytes(again.image())).isEqualTo(firstBytes);
        assertThat(Files.readAllBytes(damaged)).as("the entry is whole again").isNotEmpty();
        assertThat(decompressed(again.image())).isEqualTo(zeroBlockThen(ext4));
    }

    @Test
    void compression_reports_progress_in_bytes_that_only_grow_up_to_the_payload_size() throws IOException {
        Path ext4 = ext4("data");
        int eventsBefore = commands.events().size();

        writeFrom(ext4, "image", Optional.empty());

        List<BuildEvent.Progress> progress = commands.events().subList(eventsBefore, commands.events().size()).stream()
                .filter(BuildEvent.Progress.class::isInstance).map(BuildEvent.Progress.class::cast).toList();
        long payload = 4096 + Files.size(ext4);
        assertThat(progress).hasSizeGreaterThanOrEqualTo(expectedChunks(ext4));
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.unit()).isEqualTo(BuildEvent.Progress.Unit.BYTES);
            assertThat(p.total()).isEqualTo(payload);
            assertThat(p.what()).startsWith("compress citadel-realmfs-dev-001.img");
        });
        assertThat(progress).extracting(BuildEvent.Progress::done).isSorted().doesNotHaveDuplicates();
        assertThat(progress.get(progress.size() - 1).done()).isEqualTo(payload);
    }

    @Test
    void no_chunk_file_is_left_beside_the_image_or_half_written_in_the_cache() throws IOException {
        WrittenRealmfsImage image = write("image", Optional.of(cache));

        try (Stream<Path> beside = Files.list(image.image().getParent());
             Stream<Path> cached = Files.list(cache.directory())) {
            assertThat(beside.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("citadel-realmfs-dev-001.img", "verity-hash-base-001");
            assertThat(cached.map(p -> p.getFileName().toString())).allMatch(name -> name.endsWith(XzChunkCache.SUFFIX));
        }
    }

    @Test
    void the_cache_keeps_the_most_recently_used_chunks_within_its_limit() throws IOException {
        write("image", Optional.of(cache));
        long total;
        try (Stream<Path> entries = Files.list(cache.directory())) {
            total = entries.mapToLong(p -> p.toFile().length()).sum();
        }
        XzChunkCache small = XzChunkCache.open(cache.directory(), total / 2);

        assertThat(small.evictBeyondLimit()).isPositive();
        try (Stream<Path> entries = Files.list(cache.directory())) {
            assertThat(entries.mapToLong(p -> p.toFile().length()).sum()).isLessThanOrEqualTo(total / 2);
        }
    }

    private Stream<String> messages(int from) {
        return commands.events().subList(from, commands.events().size()).stream()
                .filter(BuildEvent.Message.class::isInstance).map(e -> ((BuildEvent.Message) e).text());
    }

    private Path largestEntry() throws IOException {
        try (Stream<Path> entries = Files.list(cache.directory())) {
            return entries.max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
    }

    private static int expectedChunks(Path ext4) throws IOException {
        return (int) ((4096 + Files.size(ext4) + RealmfsImageWriter.CHUNK_BYTES - 1) / RealmfsImageWriter.CHUNK_BYTES);
    }

    private WrittenRealmfsImage write(String name, Optional<XzChunkCache> chunks) throws IOException {
        return writeFrom(ext4(name), name, chunks);
    }

    private Path ext4(String name) {
        return new Ext4ImageWriter(commands.commands()).write(rootfs, Ext4Size.withFreeSpace(16L << 20),
                RealmfsImageIT.FIXED, dir.resolve(name + ".ext4")).path();
    }

    private WrittenRealmfsImage writeFrom(Path ext4, String name, Optional<XzChunkCache> chunks) {
        RealmfsImageSpec spec = RealmfsImageSpec.of(RealmfsImageOutput.builder(Path.of("unused"))
                .timestamp("20250101120000").xzLevel(1).build(), RealmfsImageIT.TREE, RealmfsImageIT.EPOCH);
        return new RealmfsImageWriter(commands.commands(), chunks).write(ext4, spec, dir.resolve("out-" + name));
    }

    private byte[] decompressed(Path image) throws IOException {
        Path xz = Files.createTempFile(dir, "payload", ".xz");
        try (RandomAccessFile in = new RandomAccessFile(image.toFile(), "r")) {
            byte[] rest = new byte[(int) (in.length() - 4096)];
            in.seek(4096);
            in.readFully(rest);
            Files.write(xz, rest);
        }
        HostTool.run("xz", "-d", "-f", xz.toString());
        Path payload = Path.of(xz.toString().replaceFirst("\\.xz$", ""));
        byte[] bytes = Files.readAllBytes(payload);
        Files.delete(payload);
        return bytes;
    }

    private static byte[] zeroBlockThen(Path ext4) throws IOException {
        byte[] data = Files.readAllBytes(ext4);
        byte[] payload = new byte[4096 + data.length];
        System.arraycopy(data, 0, payload, 4096, data.length);
        return payload;
    }
}
