package org.citadel.realmfs.core.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinFilesTest {
    @TempDir
    Path cache;

    private static Path resources() throws URISyntaxException {
        return Path.of(BuiltinFilesTest.class.getResource(BuiltinModules.ROOT + "realmfs-files").toURI());
    }

    @Test
    void theIndexListsEveryBuiltinFile() throws Exception {
        Path resources = resources();
        try (Stream<Path> files = Files.walk(resources)) {
            assertThat(BuiltinFiles.names()).containsExactlyInAnyOrderElementsOf(
                    files.filter(Files::isRegularFile).map(f -> resources.relativize(f).toString()).toList());
        }
    }

    @Test
    void theFilesAreWrittenWithTheirContentReadableByAll() throws Exception {
        Path directory = new BuiltinFiles(cache).directory();

        for (String name : BuiltinFiles.names()) {
            assertThat(directory.resolve(name)).hasSameBinaryContentAs(resources().resolve(name));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(name))))
                    .isEqualTo("rw-r--r--");
        }
    }

    @Test
    void theDirectoryIsNamedAfterTheContentAndWrittenOnce() throws IOException {
        Path first = new BuiltinFiles(cache).directory();
        Files.writeString(first.resolve("marker"), "");

        Path second = new BuiltinFiles(cache).directory();

        assertThat(second).isEqualTo(first);
        assertThat(second.resolve("marker")).exists();
        assertThat(first.getFileName().toString()).matches("builtin-files-[0-9a-f]{16}");
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries).containsExactly(first);
        }
    }
}
