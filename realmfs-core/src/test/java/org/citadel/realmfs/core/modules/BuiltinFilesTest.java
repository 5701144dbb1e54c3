package org.citadel.realmfs.core.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinFilesTest {
    @TempDir
    Path directory;

    private static Path resources() throws URISyntaxException {
        return Path.of(BuiltinFilesTest.class.getResource(BuiltinFiles.ROOT + "realmfs-files").toURI());
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
    void theModulesIndexListsEveryBuiltinModule() throws Exception {
        Path modules = Path.of(BuiltinFilesTest.class.getResource(BuiltinFiles.ROOT + "realmfs-modules").toURI());
        try (Stream<Path> files = Files.walk(modules)) {
            assertThat(BuiltinModules.names()).containsExactlyInAnyOrderElementsOf(
                    files.filter(Files::isRegularFile).map(f -> modules.relativize(f).toString()).toList());
        }
        assertThat(BuiltinModules.script("create-user")).hasValue(Files.readString(modules.resolve("create-user")));
    }

    @Test
    void anUnknownNameIsNotABuiltinModule() {
        assertThat(BuiltinModules.script("no-such-module")).isEmpty();
    }

    @Test
    void theFilesAreWrittenWithTheirContentReadableByAll() throws Exception {
        BuiltinFiles.writeTo(directory);

        for (String name : BuiltinFiles.names()) {
            assertThat(directory.resolve(name)).hasSameBinaryContentAs(resources().resolve(name));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(name))))
                    .isEqualTo("rw-r--r--");
        }
    }

    @Test
    void theDigestIsStableAndCoversEveryFile() {
        assertThat(BuiltinFiles.digest()).isEqualTo(BuiltinFiles.digest()).matches("[0-9a-f]{64}");
    }
}
