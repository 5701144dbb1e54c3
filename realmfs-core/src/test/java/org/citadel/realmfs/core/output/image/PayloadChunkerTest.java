package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadChunkerTest {
    private static final int CHUNK = 3 * 4096;

    @TempDir
    Path dir;
    private final List<PayloadChunker.StagedChunk> chunks = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    private PayloadChunker chunker() {
        return new PayloadChunker(CHUNK, () -> new AtomicOutputFile(dir.resolve("image.chunk")), chunk -> {
            chunks.add(chunk);
            contents.add(Files.readAllBytes(chunk.file().temporary()));
            chunk.file().close();
        });
    }

    @Test
    void the_payload_is_a_zero_block_then_the_data_cut_into_fixed_chunks_whatever_pieces_it_arrives_in() throws IOException {
        byte[] data = new byte[7 * 4096 + 100];
        new Random(1).nextBytes(data);
        try (PayloadChunker chunker = chunker()) {
            chunker.accept(0, data, 5000);
            chunker.accept(5000, Arrays.copyOfRange(data, 5000, data.length), data.length - 5000);
            chunker.finish();
        }

        byte[] payload = new byte[4096 + data.length];
        System.arraycopy(data, 0, payload, 4096, data.length);
        assertThat(chunks).extracting(PayloadChunker.StagedChunk::index).containsExactly(0, 1, 2);
        assertThat(chunks).extracting(PayloadChunker.StagedChunk::offset).containsExactly(0L, (long) CHUNK, 2L * CHUNK);
        assertThat(chunks).extracting(PayloadChunker.StagedChunk::length)
                .containsExactly((long) CHUNK, (long) CHUNK, (long) payload.length - 2 * CHUNK);
        for (int i = 0; i < chunks.size(); i++) {
            byte[] expected = Arrays.copyOfRange(payload, i * CHUNK, (int) Math.min(payload.length, (i + 1L) * CHUNK));
            assertThat(contents.get(i)).as("chunk " + i).isEqualTo(expected);
            assertThat(chunks.get(i).sha256()).isEqualTo(Sha256.hex(expected));
        }
    }

    @Test
    void zero_blocks_stay_holes_in_a_staged_chunk() throws IOException {
        byte[] data = new byte[CHUNK];
        data[CHUNK - 1] = 1;
        List<Long> allocated = new ArrayList<>();
        try (PayloadChunker chunker = new PayloadChunker(CHUNK, () -> new AtomicOutputFile(dir.resolve("c")), chunk -> {
            allocated.add(Long.parseLong(HostTool.run("stat", "-c", "%b", chunk.file().temporary().toString()).strip()) * 512);
            chunk.file().close();
        })) {
            chunker.accept(0, data, data.length);
            chunker.finish();
        }

        assertThat(allocated.get(1)).as("the second chunk holds one non-zero block").isLessThanOrEqualTo(4096);
    }

    @Test
    void an_unfinished_chunk_is_deleted_on_close_and_handed_over_ones_belong_to_the_sink() throws IOException {
        List<PayloadChunker.StagedChunk> kept = new ArrayList<>();
        try (PayloadChunker chunker = new PayloadChunker(CHUNK, () -> new AtomicOutputFile(dir.resolve("c")), kept::add)) {
            chunker.accept(0, new byte[CHUNK], CHUNK);
        }

        assertThat(kept).singleElement().satisfies(chunk -> assertThat(chunk.file().temporary()).exists());
        kept.get(0).file().close();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
