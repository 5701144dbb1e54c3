package org.citadel.realmfs.core.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedPathsTest {
    @TempDir
    Path rootfs;
    ConfinedPaths paths;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(rootfs.resolve("usr/lib"));
        Files.createDirectories(rootfs.resolve("etc"));
        paths = new ConfinedPaths(rootfs);
    }

    @Test
    void aPlainPathLandsInsideTheRootfs() {
        assertThat(paths.resolve("/etc/x.conf")).isEqualTo(rootfs.resolve("etc/x.conf"));
    }

    @Test
    void absoluteSymlinksResolveAgainstTheRootfsAsInAChroot() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("lib"), Path.of("/usr/lib"));
        Files.createSymbolicLink(rootfs.resolve("etc/alt"), Path.of("/etc"));

        assertThat(paths.resolve("/lib/x.so")).isEqualTo(rootfs.resolve("usr/lib/x.so"));
        assertThat(paths.resolve("/etc/alt/alt/y")).isEqualTo(rootfs.resolve("etc/y"));
    }

    @Test
    void relativeSymlinksThatStayInsideAreFollowed() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("etc/lib"), Path.of("../usr/lib"));

        assertThat(paths.resolve("/etc/lib/z")).isEqualTo(rootfs.resolve("usr/lib/z"));
    }

    @Test
    void dotDotInTheGivenPathIsRejected() {
        assertThatThrownBy(() -> paths.resolve("/etc/../../host-file"))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("'..'");
    }

    @Test
    void aSymlinkClimbingAboveTheRootIsRejected() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("etc/escape"), Path.of("../../../../../../tmp"));

        assertThatThrownBy(() -> paths.resolve("/etc/escape/file"))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("outside the rootfs");
    }

    @Test
    void symlinkLoopsEndWithAnError() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("a"), Path.of("/b"));
        Files.createSymbolicLink(rootfs.resolve("b"), Path.of("/a"));

        assertThatThrownBy(() -> paths.resolve("/a/x"))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("too many levels of symlinks");
    }

    @Test
    void relativePathsAreRejected() {
        assertThatThrownBy(() -> paths.resolve("etc/x")).isInstanceOf(InvalidRecipeException.class);
    }
}
