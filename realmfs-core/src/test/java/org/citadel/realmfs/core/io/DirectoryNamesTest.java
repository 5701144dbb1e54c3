package org.citadel.realmfs.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryNamesTest {
    @TempDir
    Path directory;

    @Test
    void namesAreSortedByTheirUtf8BytesNotByUtf16CodeUnits() throws IOException {
        // U+FF21 is EF BC A1 in UTF-8 and U+1F600 is F0 9F 98 80, but in UTF-16 the latter's D83D comes first
        for (String name : new String[] {"\uD83D\uDE00", "\uFF21", "b", "B", "a.d", "a"}) {
            Files.createFile(directory.resolve(name));
        }
        Files.createDirectory(directory.resolve("a-dir"));

        assertThat(DirectoryNames.sorted(directory))
                .containsExactly("B", "a", "a-dir", "a.d", "b", "\uFF21", "\uD83D\uDE00");
    }

    @Test
    void anEmptyDirectoryHasNoNames() throws IOException {
        assertThat(DirectoryNames.sorted(directory)).isEmpty();
    }
}
