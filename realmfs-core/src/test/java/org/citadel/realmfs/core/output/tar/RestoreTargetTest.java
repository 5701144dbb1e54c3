package org.citadel.realmfs.core.output.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreTargetTest {

    @TempDir
    Path root;

    @Test
    void namesResolveInsideTheRootWithOrWithoutALeadingDot() {
        RestoreTarget target = new RestoreTarget(root);

        assertThat(target.pathOf("./")).isEqualTo(root);
        assertThat(target.pathOf("./etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(target.pathOf("etc//passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(target.pathOf("./usr/bin/")).isEqualTo(root.resolve("usr/bin"));
    }

    @Test
    void anAbsoluteNameIsRefused() {
        assertThatThrownBy(() -> new RestoreTarget(root).pathOf("/etc/passwd"))
                .isInstanceOf(UnsafeTarEntryException.class)
                .hasMessageContaining("/etc/passwd has an absolute name");
    }

    @Test
    void aDotDotComponentIsRefusedWhereverItIs() {
        assertThatThrownBy(() -> new RestoreTarget(root).pathOf("./etc/../../escape"))
                .isInstanceOf(UnsafeTarEntryException.class)
                .hasMessageContaining("contains \"..\"");
    }

    @Test
    void missingParentsAreCreatedAsDirectories() throws IOException {
        RestoreTarget target = new RestoreTarget(root);
        Path file = target.pathOf("./a/b/c");

        target.prepareParentsOf(file, "./a/b/c");

        assertThat(root.resolve("a/b")).isDirectory();
    }

    @Test
    void aPathThroughASymbolicLinkIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
        RestoreTarget target = new RestoreTarget(root);
        Path file = target.pathOf("./etc/passwd");

        assertThatThrownBy(() -> target.prepareParentsOf(file, "./etc/passwd"))
                .isInstanceOf(UnsafeTarEntryException.class)
                .hasMessageContaining("through the symbolic link " + root.resolve("etc"));
    }
}
