package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadChunkFilesTest {
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    /** An image of 10 blocks: data in blocks 0-1 and 6, a hole between, padded to 12 blocks. */
    private Path image() throws IOException {
        Path image = dir.resolve("data.ext4");
        byte[] data = new byte[2 * BLOCK];
        new Random(3).nextBytes(data);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.write(data);
            file.seek(6L * BLOCK);
            file.write(data, 0, BLOCK);
            file.setLength(10L * BLOCK);
        }
        return image;
    }

    private byte[] payload(Path image) throws IOException {
        byte[] payload = new byte[13 * BLOCK]; // zero block + 12 padded blocks
        byte[] bytes = Files.readAllBytes(image);
        System.arraycopy(bytes, 0, payload, BLOCK, bytes.length);
        return payload;
    }

    private byte[] staged(Path image, long offset, long length) throws IOException {
        try (SparseImageFile file = new SparseImageFile(image, 12L * BLOCK);
             AtomicOutputFile chunk = new PayloadChunkFiles(file, c -> new AtomicOutputFile(dir.resolve("c" + c.index())))
                     .write(new PayloadChunker.Chunk((int) (offset / (4 * BLOCK)), offset, length, "unused"))) {
            return Files.readAllBytes(chunk.temporary());
        }
    }

    @Test
    void each_chunk_holds_its_range_of_the_zero_block_then_the_padded_image() throws IOException {
        Path image = image();
        byte[] payload = payload(image);

        for (long offset = 0; offset < payload.length; offset += 4 * BLOCK) {
            long length = Math.min(4 * BLOCK, payload.length - offset);
            assertThat(staged(image, offset, length)).as("the chunk at " + offset)
                    .isEqualTo(Arrays.copyOfRange(payload, (int) offset, (int) (offset + length)));
        }
    }

    @Test
    void zero_blocks_stay_holes_and_the_staging_file_is_gone_when_closed() throws IOException {
        Path image = image();
        long allocated;
        try (SparseImageFile file = new SparseImageFile(image, 12L * BLOCK);
             AtomicOutputFile chunk = new PayloadChunkFiles(file, c -> new AtomicOutputFile(dir.resolve("chunk")))
                     .write(new PayloadChunker.Chunk(1, 4 * BLOCK, 4 * BLOCK, "unused"))) {
            allocated = Long.parseLong(HostTool.run("stat", "-c", "%b", chunk.temporary().toString()).strip()) * 512;
        }

        assertThat(allocated).as("payload blocks 4-7 hold one non-zero block").isLessThanOrEqualTo(BLOCK);
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(image);
        }
    }
}
