package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseImageFileTest {
    private static final int BLOCK = 4096;
    private static final long PADDED = 40L * BLOCK;

    @TempDir
    Path dir;

    /** Data, a hole of 16 blocks, data again, a hole at the end; 30 blocks long, read padded to 40. */
    private Path sparseFile() throws IOException {
        Path file = dir.resolve("image");
        byte[] data = new byte[3 * BLOCK];
        new Random(5).nextBytes(data);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(data);
            out.seek(19L * BLOCK);
            out.write(data, 0, 2 * BLOCK);
            out.setLength(30L * BLOCK);
        }
        return file;
    }

    private static byte[] expected(Path file) throws IOException {
        return Arrays.copyOf(Files.readAllBytes(file), (int) PADDED);
    }

    @Test
    void read_in_order_it_gives_the_files_bytes_holes_as_zeros_then_zeros_to_the_padded_size() throws IOException {
        Path file = sparseFile();
        ByteBuffer all = ByteBuffer.allocate((int) PADDED + BLOCK);
        try (SparseImageFile image = new SparseImageFile(file, PADDED)) {
            ByteBuffer piece = ByteBuffer.allocate(7000); // pieces that straddle every boundary
            for (int read; (read = image.read(piece.clear())) >= 0; ) {
                all.put(piece.array(), 0, read);
            }
        }

        assertThat(Arrays.copyOf(all.array(), all.position())).isEqualTo(expected(file));
    }

    @Test
    void read_at_any_position_it_gives_the_same_bytes() throws IOException {
        Path file = sparseFile();
        byte[] expected = expected(file);
        try (SparseImageFile image = new SparseImageFile(file, PADDED)) {
            for (long at : new long[] {0, 100, 3 * BLOCK - 1, 10 * BLOCK, 19 * BLOCK + 5, 29 * BLOCK, 35 * BLOCK}) {
                ByteBuffer buffer = ByteBuffer.allocate(5 * BLOCK);
                int read = image.read(buffer, at);
                assertThat(read).as("at " + at).isPositive();
                assertThat(Arrays.copyOf(buffer.array(), read)).as("at " + at)
                        .isEqualTo(Arrays.copyOfRange(expected, (int) at, (int) at + read));
            }
            assertThat(image.read(ByteBuffer.allocate(BLOCK), PADDED)).isEqualTo(-1);
        }
    }
}
