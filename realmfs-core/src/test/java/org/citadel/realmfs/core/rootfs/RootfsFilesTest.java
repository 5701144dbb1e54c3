package org.citadel.realmfs.core.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.linux.FileNodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths inside the rootfs resolve as in a chroot and never reach the host: each hostile symlink
 * below points at a canary the host side must never see changed.
 */
class RootfsFilesTest {
    private static final byte[] CANARY = "canary: must survive\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path base;
    Path rootfs;
    Path canaryDirectory;
    Path canaryFile;
    RootfsFiles files;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectories(base.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("usr/lib"));
        Files.createDirectories(rootfs.resolve("etc"));
        canaryDirectory = Files.createDirectories(base.resolve("canary"));
        canaryFile = Files.write(canaryDirectory.resolve("file"), CANARY);
        files = new RootfsFiles(rootfs);
    }

    @Test
    void aPlainPathLandsInsideTheRootfs() throws IOException {
        files.write("/etc/x.conf", bytes("a=1\n"), 0640);

        assertThat(rootfs.resolve("etc/x.conf")).hasContent("a=1");
        assertThat(Files.getAttribute(rootfs.resolve("etc/x.conf"), "unix:mode")).isEqualTo(0100640);
        assertThat(files.read("/etc/x.conf")).isEqualTo(bytes("a=1\n"));
    }

    @Test
    void absoluteSymlinksResolveAgainstTheRootfsAsInAChroot() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("lib"), Path.of("/usr/lib"));
        Files.createSymbolicLink(rootfs.resolve("etc/alt"), Path.of("/etc"));
        Files.writeString(rootfs.resolve("etc/y"), "y");

        files.write("/lib/x.so", bytes("x"), 0644);

        assertThat(rootfs.resolve("usr/lib/x.so")).hasContent("x");
        assertThat(files.read("/etc/alt/alt/y")).isEqualTo(bytes("y"));
    }

    @Test
    void relativeSymlinksThatStayInsideAreFollowed() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("etc/lib"), Path.of("../usr/lib"));

        files.write("/etc/lib/z", bytes("z"), 0644);

        assertThat(rootfs.resolve("usr/lib/z")).hasContent("z");
    }

    @Test
    void dotDotInTheGivenPathIsRejected() {
        assertThatThrownBy(() -> files.read("/etc/../../host-file"))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("'..'");
        assertThatThrownBy(() -> files.write("/etc/../x", bytes("x"), 0644))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("'..'");
    }

    @Test
    void aSymlinkClimbingAboveTheRootStopsAtTheRootAsInAChroot() throws IOException {
        // on the host, rootfs/etc/escape leads to base/canary
        Files.createSymbolicLink(rootfs.resolve("etc/escape"), Path.of("../../canary"));
        Files.createDirectories(rootfs.resolve("canary"));

        files.write("/etc/escape/file", bytes("inside"), 0644);

        assertThat(rootfs.resolve("canary/file")).hasContent("inside");
        assertCanariesUntouched();
    }

    @Test
    void anAbsoluteSymlinkToAHostPathResolvesInsideTheRootfs() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("etc/host"), canaryDirectory);
        Files.createSymbolicLink(rootfs.resolve("etc/host-file"), canaryFile);

        assertThat(files.delete("/etc/host/file")).isFalse();
        assertThat(files.readIfRegularFile("/etc/host-file")).isEmpty();
        assertThatThrownBy(() -> files.write("/etc/host/new", bytes("x"), 0644))
                .isInstanceOf(RootfsPathException.class).hasMessageContaining("/etc/host/new in the rootfs " + rootfs);
        assertThatThrownBy(() -> files.createDirectories("/etc/host/sub", 0755))
                .isInstanceOf(RootfsPathException.class)
                .hasMessageContaining("/etc/host in the rootfs").hasMessageContaining("does not exist");
        assertCanariesUntouched();
    }

    @Test
    void writingOverASymlinkReplacesTheSymlinkNotItsTarget() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("etc/hostname"), canaryFile);

        files.write("/etc/hostname", bytes("realm\n"), 0644);

        assertThat(Files.isSymbolicLink(rootfs.resolve("etc/hostname"))).isFalse();
        assertThat(rootfs.resolve("etc/hostname")).hasContent("realm");
        assertCanariesUntouched();
    }

    @Test
    void deletingASymlinkRemovesTheSymlinkItself() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("etc/link"), canaryFile);
        Files.createSymbolicLink(rootfs.resolve("etc/dir-link"), canaryDirectory);

        assertThat(files.delete("/etc/link")).isTrue();
        assertThat(files.delete("/etc/dir-link")).isTrue();

        assertThat(rootfs.resolve("etc/link")).doesNotExist();
        assertThat(Files.exists(rootfs.resolve("etc/dir-link"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertCanariesUntouched();
    }

    @Test
    void existsAndKindLookAtTheLastComponentItself() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("etc/dangling"), Path.of("/nowhere"));

        assertThat(files.exists("/etc/dangling")).isTrue();
        assertThat(files.kind("/etc/dangling")).contains(FileKind.SYMLINK);
        assertThat(files.kind("/etc")).contains(FileKind.DIRECTORY);
        assertThat(files.kind("/etc/missing/deeper")).isEmpty();
    }

    @Test
    void nothingIsBelowAFileWhereADirectoryShouldBe() throws IOException {
        Files.writeString(rootfs.resolve("etc/dpkg"), "a module made this a file");

        assertThat(files.kind("/etc/dpkg/dpkg.cfg.d/realmfs-build")).isEmpty();
        assertThat(files.delete("/etc/dpkg/dpkg.cfg.d/realmfs-build")).isFalse();
        assertThatThrownBy(() -> files.createDirectories("/etc/dpkg/dpkg.cfg.d", 0755))
                .isInstanceOf(RootfsPathException.class).hasMessageContaining("/etc/dpkg in the rootfs " + rootfs + " is not a directory");
    }

    @Test
    void createIfAbsentLeavesWhateverIsThere() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("etc/policy"), canaryFile);

        assertThat(files.createIfAbsent("/etc/policy", bytes("exit 101\n"), 0755)).isFalse();
        assertThat(files.createIfAbsent("/usr/sbin/policy-rc.d", bytes("exit 101\n"), 0755)).isTrue();

        assertThat(rootfs.resolve("usr/sbin/policy-rc.d")).hasContent("exit 101");
        assertThat(Files.getAttribute(rootfs.resolve("usr/sbin/policy-rc.d"), "unix:mode")).isEqualTo(0100755);
        assertCanariesUntouched();
    }

    @Test
    void modesAndMountTargetsRefuseASymlinkNamingIt() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("tmp"), canaryDirectory);

        assertThatThrownBy(() -> files.chmod("/tmp", 01777))
                .isInstanceOf(RootfsPathException.class)
                .hasMessageContaining("/tmp in the rootfs " + rootfs).hasMessageContaining("symlink (to " + canaryDirectory);
        assertThatThrownBy(() -> files.mountTarget("/tmp").open())
                .isInstanceOf(RootfsPathException.class).hasMessageContaining("mount on /tmp in the rootfs");
        assertThat(Files.getAttribute(canaryDirectory, "unix:mode")).isNotEqualTo(041777);
    }

    @Test
    void chmodSetsSpecialBits() throws IOException {
        files.createDirectories("/tmp", 0755);

        files.chmod("/tmp", 01777);

        assertThat(Files.getAttribute(rootfs.resolve("tmp"), "unix:mode")).isEqualTo(041777);
    }

    @Test
    void symlinkLoopsEndWithAnError() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("a"), Path.of("/b"));
        Files.createSymbolicLink(rootfs.resolve("b"), Path.of("/a"));

        assertThatThrownBy(() -> files.read("/a/x"))
                .isInstanceOf(RootfsPathException.class).hasMessageContaining("too many levels of symlinks");
    }

    @Test
    void aLinkToProcResolvesToTheRootfsOwnProcNotTheHosts() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("etc/host-root"), Path.of("/proc/self/root"));

        assertThat(files.readIfRegularFile("/etc/host-root/etc/hostname")).isEmpty();
        assertThatThrownBy(() -> files.read("/etc/host-root/etc/hostname"))
                .isInstanceOf(RootfsPathException.class).hasMessageContaining("does not exist");
    }

    @Test
    void procMagicLinksAreNeverFollowedEvenWhereProcIsMounted() {
        // the host's own / as the root: /proc is mounted there, and /proc/self/root is a magic link
        RootfsFiles host = new RootfsFiles(Path.of("/"));

        assertThatThrownBy(() -> host.read("/proc/self/root/etc/hostname"))
                .isInstanceOf(RootfsPathException.class).hasMessageContaining("too many levels of symlinks");
    }

    @Test
    void aFifoIsNeverOpenedToBeRead() {
        FileNodes.create(rootfs.resolve("etc/hostname"), FileNodes.Kind.FIFO, 0644, 0, 0);

        Optional<byte[]> read = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> files.readIfRegularFile("/etc/hostname"));

        assertThat(read).isEmpty();
        assertThat(files.kind("/etc/hostname")).contains(FileKind.OTHER);
    }

    @Test
    void relativePathsAreRejected() {
        assertThatThrownBy(() -> files.read("etc/x")).isInstanceOf(InvalidRecipeException.class);
    }

    private void assertCanariesUntouched() throws IOException {
        assertThat(Files.readAllBytes(canaryFile)).isEqualTo(CANARY);
        try (var entries = Files.list(canaryDirectory)) {
            assertThat(entries).containsExactly(canaryFile);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
