package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseBlocksTest {
    @TempDir
    Path directory;

    @Test
    void holesAndWrittenZeroBlocksCountTheSameAndACopyHasTheSameBytes() throws IOException {
        Path sparse = directory.resolve("sparse");
        Path dense = directory.resolve("dense");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(300 * 4096 + 100);
            file.seek(9 * 4096 + 5);
            file.write(new byte[] {1, 2, 3});
            file.seek(300 * 4096 + 99);
            file.write(7);
        }
        Files.write(dense, Files.readAllBytes(sparse));
        Path copy = directory.resolve("copy");

        SparseBlocks.Summary summary = SparseBlocks.checksum(sparse);
        SparseBlocks.Summary copied = SparseBlocks.copy(dense, copy);

        assertThat(SparseBlocks.checksum(dense)).isEqualTo(summary);
        assertThat(copied).isEqualTo(summary);
        assertThat(summary.dataBytes()).isEqualTo(4096 + 100);
        assertThat(Files.mismatch(copy, sparse)).isEqualTo(-1);
    }

    @Test
    void anyChangedByteChangesTheChecksumAndSoDoesTheLength() throws IOException {
        Path file = directory.resolve("image");
        try (RandomAccessFile image = new RandomAccessFile(file.toFile(), "rw")) {
            image.setLength(64 * 4096);
            image.seek(4096);
            image.write(1);
        }
        String before = SparseBlocks.checksum(file).checksum();
        try (RandomAccessFile image = new RandomAccessFile(file.toFile(), "rw")) {
            image.seek(40 * 4096 + 17);
            image.write(1);
        }
        String changed = SparseBlocks.checksum(file).checksum();
        try (RandomAccessFile image = new RandomAccessFile(file.toFile(), "rw")) {
            image.seek(40 * 4096 + 17);
            image.write(0);
            image.setLength(65 * 4096);
        }

        assertThat(changed).isNotEqualTo(before);
        assertThat(SparseBlocks.checksum(file).checksum()).isNotEqualTo(before).isNotEqualTo(changed);
    }
}
