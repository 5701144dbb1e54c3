package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void aCopyAndACheckTellTheBytesOfTheDataRangesDoneGrowingToAllOfThem() throws IOException {
        Path file = directory.resolve("file");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(64L << 20);
            out.seek(1 << 20);
            out.write(new byte[3 << 20]); // written zeros: data, read but not copied
            out.seek(40L << 20);
            out.write(new byte[] {1});
        }
        List<long[]> copied = new ArrayList<>();
        List<long[]> checked = new ArrayList<>();

        SparseBlocks.copy(file, directory.resolve("copy"), (done, total) -> copied.add(new long[] {done, total}));
        SparseBlocks.checksum(file, (done, total) -> checked.add(new long[] {done, total}));

        for (List<long[]> progress : List.of(copied, checked)) {
            long total = progress.get(0)[1];
            assertThat(total).isBetween((3L << 20) + 4096, 8L << 20); // what the filesystem stores as data, not 64 MiB
            assertThat(progress).allSatisfy(at -> assertThat(at[1]).isEqualTo(total));
            assertThat(progress.stream().map(at -> at[0]).toList()).isSorted().startsWith(0L).endsWith(total);
            assertThat(progress.size()).isGreaterThan(3);
        }
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
