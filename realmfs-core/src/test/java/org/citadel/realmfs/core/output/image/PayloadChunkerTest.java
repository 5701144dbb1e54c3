package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PayloadChunkerTest {
    private static final int CHUNK = 3 * 4096;

    private static List<PayloadChunker.Chunk> chunksOf(byte[] data, int... pieces) throws IOException {
        List<PayloadChunker.Chunk> chunks = new ArrayList<>();
        PayloadChunker chunker = new PayloadChunker(CHUNK, chunks::add);
        int from = 0;
        for (int piece : pieces) {
            chunker.accept(from, Arrays.copyOfRange(data, from, from + piece), piece);
            from += piece;
        }
        chunker.accept(from, Arrays.copyOfRange(data, from, data.length), data.length - from);
        chunker.finish();
        return chunks;
    }

    private static byte[] randomData(int length) {
        byte[] data = new byte[length];
        new Random(1).nextBytes(data);
        return data;
    }

    @Test
    void the_payload_is_a_zero_block_then_the_data_cut_into_fixed_chunks() throws IOException {
        byte[] data = randomData(7 * 4096 + 100);

        List<PayloadChunker.Chunk> chunks = chunksOf(data);

        long payload = 4096 + data.length;
        assertThat(chunks).extracting(PayloadChunker.Chunk::index).containsExactly(0, 1, 2);
        assertThat(chunks).extracting(PayloadChunker.Chunk::offset).containsExactly(0L, (long) CHUNK, 2L * CHUNK);
        assertThat(chunks).extracting(PayloadChunker.Chunk::length)
                .containsExactly((long) CHUNK, (long) CHUNK, payload - 2 * CHUNK);
    }

    @Test
    void the_digests_do_not_depend_on_the_pieces_the_data_arrives_in() throws IOException {
        byte[] data = randomData(7 * 4096 + 100);

        assertThat(chunksOf(data, 5000, 1, 4095, 9000)).isEqualTo(chunksOf(data));
    }

    @Test
    void one_changed_byte_changes_the_digest_of_its_chunk_only() throws IOException {
        byte[] data = randomData(7 * 4096);
        byte[] changed = data.clone();
        changed[CHUNK + 10]++;

        List<PayloadChunker.Chunk> before = chunksOf(data);
        List<PayloadChunker.Chunk> after = chunksOf(changed);

        assertThat(after.get(0).digest()).isEqualTo(before.get(0).digest());
        assertThat(after.get(1).digest()).isNotEqualTo(before.get(1).digest());
        assertThat(after.get(2).digest()).isEqualTo(before.get(2).digest());
    }

    @Test
    void zero_blocks_count_by_their_place_so_moving_data_past_them_or_a_shorter_chunk_of_zeros_differ() throws IOException {
        byte[] early = new byte[2 * CHUNK];
        byte[] late = new byte[2 * CHUNK];
        Arrays.fill(early, CHUNK - 4096, CHUNK, (byte) 7); // the last block of the payload's second chunk
        Arrays.fill(late, CHUNK, CHUNK + 4096, (byte) 7);  // the same bytes, one block later
        byte[] shorter = new byte[2 * CHUNK - 4096];

        List<PayloadChunker.Chunk> one = chunksOf(early);
        List<PayloadChunker.Chunk> other = chunksOf(late);
        List<PayloadChunker.Chunk> zeros = chunksOf(new byte[2 * CHUNK]);
        List<PayloadChunker.Chunk> fewerZeros = chunksOf(shorter);

        assertThat(one.get(1).digest()).isNotEqualTo(other.get(1).digest());
        assertThat(zeros.get(2).digest()).isNotEqualTo(fewerZeros.get(1).digest());
        assertThat(zeros.get(0).digest()).isEqualTo(fewerZeros.get(0).digest());
    }
}
