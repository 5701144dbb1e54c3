package org.citadel.realmfs.core.output.tar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing to a stream that is not a file (as when piping to xz); needs no root. */
class RootfsTarWriterTest {

    @TempDir
    Path tree;

    @Test
    void aTreeWrittenToAStreamReadsBackInNameOrderWithItsContents() throws IOException {
        byte[] big = new byte[3 * 1024 * 1024 + 77];
        new Random(1).nextBytes(big);
        Files.write(Files.createDirectory(tree.resolve("b")).resolve("big"), big);
        Files.writeString(tree.resolve("a"), "first\n");
        Files.createSymbolicLink(tree.resolve("c"), Path.of("b/big"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        TarWriteSummary summary = new RootfsTarWriter().write(tree, out);

        assertThat(out.size() % 10240).as("padded to GNU tar's record size").isZero();
        assertThat(summary.entries()).isEqualTo(5);
        assertThat(summary.contentBytes()).isEqualTo(big.length + 6);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName() + (entry.isSymbolicLink() ? " -> " + entry.getLinkName() : ""));
                if (entry.getName().equals("./b/big")) {
                    assertThat(tar.readAllBytes()).isEqualTo(big);
                }
            }
        }
        assertThat(names).containsExactly("./", "./a", "./b/", "./b/big", "./c -> b/big");
    }

    @Test
    void namesAreInTheOrderOfTheirBytesAndTheSameTreeGivesTheSameBytes() throws IOException {
        // UTF-16 puts the emoji (a surrogate pair, D83D) before U+E000; their UTF-8 bytes (F0 vs EE) do not
        String privateUse = "\uE000";
        String emoji = "\uD83D\uDE00";
        Files.writeString(tree.resolve(emoji), "2");
        Files.writeString(tree.resolve(privateUse), "1");
        Files.writeString(tree.resolve("Z"), "0");
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();

        new RootfsTarWriter().write(tree, first);
        new RootfsTarWriter().write(tree, second);

        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(first.toByteArray()))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        assertThat(names).containsExactly("./", "./Z", "./" + privateUse, "./" + emoji);
        assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
    }
}
