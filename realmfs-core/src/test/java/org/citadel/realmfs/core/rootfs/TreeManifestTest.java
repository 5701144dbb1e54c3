package org.citadel.realmfs.core.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeManifestTest {
    @TempDir
    Path directory;

    @Test
    void aWrittenManifestReadsBackEqualEntryForEntryAndWithItsHardLinks() throws IOException {
        Path tree = Files.createDirectories(directory.resolve("tree"));
        Files.createDirectories(tree.resolve("etc/ünïcode dir"));
        Files.writeString(tree.resolve("etc/ünïcode dir/file\nwith newline"), "content\n");
        Files.writeString(tree.resolve("etc/one"), "1");
        Files.createLink(tree.resolve("etc/two"), tree.resolve("etc/one"));
        Files.createSymbolicLink(tree.resolve("etc/link"), Path.of("one"));
        TreeManifest manifest = TreeManifest.of(tree);
        Path file = directory.resolve("manifest");

        manifest.write(file);
        TreeManifest read = TreeManifest.read(file);

        assertThat(read).isEqualTo(manifest);
        assertThat(read.entries()).containsExactlyEntriesOf(manifest.entries());
        assertThat(read.namesOf("/etc/one")).containsExactly("/etc/one", "/etc/two");
        assertThat(read.entries().get("/etc/link").content()).isEqualTo("one");
    }

    @Test
    void aTruncatedOrForeignFileIsNoManifest() throws IOException {
        Path tree = Files.createDirectories(directory.resolve("tree"));
        Files.writeString(tree.resolve("file"), "x");
        Path file = directory.resolve("manifest");
        TreeManifest.of(tree).write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));

        assertThatThrownBy(() -> TreeManifest.read(file)).isInstanceOf(IOException.class).hasMessageContaining("ends");

        Files.writeString(file, "\0\u0005hello");
        assertThatThrownBy(() -> TreeManifest.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("no tree manifest");
    }
}
