package org.citadel.realmfs.testing.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small merged-/usr tree read as a directory, a PAX tar, a tar.xz (GNU tar writes both) and an ext4
 * image (mkfs.ext4 -d): every reader sees the same entries, and paths resolve as in a chroot.
 */
class RootfsTreeTest {
    @TempDir
    Path temp;
    Path root;

    @BeforeEach
    void makeTree() throws IOException {
        root = Files.createDirectories(temp.resolve("root"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("etc/sub"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("usr/bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("etc/motd"), "hello\n");
        Files.setPosixFilePermissions(root.resolve("etc/motd"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(root.resolve("etc/absolute"), Path.of("/etc/motd"));
        Files.createSymbolicLink(root.resolve("etc/sub/relative"), Path.of("../motd"));
        Files.createSymbolicLink(root.resolve("etc/escape"), Path.of("../../../../etc/motd"));
        Files.createSymbolicLink(root.resolve("etc/long"), Path.of("/" + "x".repeat(100) + "/target"));
        Files.createSymbolicLink(root.resolve("etc/dangling"), Path.of("/nowhere"));
        Files.createLink(root.resolve("etc/motd-hardlink"), root.resolve("etc/motd"));
        Files.writeString(Files.createDirectories(root.resolve("usr/share/with space")).resolve("a file"), "x");
    }

    /** Links that lead out of the temporary directory on the host: JUnit warns about each it deletes. */
    @AfterEach
    void removeLinksOutOfTheTempDirectory() throws IOException {
        Files.delete(root.resolve("etc/absolute"));
        Files.delete(root.resolve("etc/escape"));
    }

    @Test
    void everyReaderSeesTheSameEntries() throws Exception {
        Path tar = temp.resolve("root.tar");
        Path tarXz = temp.resolve("root.tar.xz");
        Path ext4 = temp.resolve("root.ext4");
        run("tar", "--format=pax", "-C", root.toString(), "-cf", tar.toString(), ".");
        run("tar", "--format=pax", "-C", root.toString(), "-cJf", tarXz.toString(), ".");
        run("mkfs.ext4", "-q", "-d", root.toString(), ext4.toString(), "8M");

        List<String> expected = listing(RootfsTree.open(root));
        for (Path container : List.of(tar, tarXz, ext4)) {
            try (RootfsTree tree = RootfsTree.open(container)) {
                assertThat(listing(tree)).as(container.toString()).isEqualTo(expected);
                assertThat(tree.text("/etc/motd-hardlink")).isEqualTo("hello\n");
                assertThat(tree.text("/usr/share/with space/a file")).isEqualTo("x");
                assertThat(tree.entry("/etc/long").orElseThrow().symlinkTarget()).hasValue("/" + "x".repeat(100) + "/target");
            }
        }
        assertThat(expected).contains("/etc/motd FILE 0640 6", "/usr/bin/tool FILE 0755 10", "/bin SYMLINK 0777 7 -> usr/bin");
    }

    @Test
    void symlinksResolveInsideTheTreeAsInAChroot() {
        RootfsTree tree = RootfsTree.open(root);

        assertThat(tree.entry("/bin/tool").orElseThrow().path()).isEqualTo("/usr/bin/tool");
        assertThat(tree.entry("/etc/absolute").orElseThrow().type()).isEqualTo(EntryType.SYMLINK);
        assertThat(tree.resolve("/etc/absolute").orElseThrow().path()).isEqualTo("/etc/motd");
        assertThat(tree.text("/etc/sub/relative")).isEqualTo("hello\n");
        assertThat(tree.text("/etc/escape")).isEqualTo("hello\n");
        assertThat(tree.resolve("/etc/dangling")).isEmpty();
        assertThat(tree.entry("/etc/dangling")).isPresent();
        assertThat(tree.entry("/etc/motd/below")).isEmpty();
        assertThat(tree.children("/bin")).extracting(RootfsEntry::path).containsExactly("/usr/bin/tool");
        assertThatThrownBy(() -> tree.content("/etc")).isInstanceOf(UnreadableRootfsException.class)
                .hasMessageContaining("/etc in " + root + " is not a regular file: d");
    }

    @Test
    void aFileThatHoldsNoRootfsIsNamedWithWhatWasLookedFor() throws IOException {
        Path junk = Files.writeString(temp.resolve("junk"), "not an image");

        assertThatThrownBy(() -> RootfsTree.open(junk)).isInstanceOf(UnreadableRootfsException.class)
                .hasMessage(junk + " is neither a directory, a tar or tar.xz archive, an ext4 image nor a RealmFS image"
                        + " (none of their magic numbers is in its first bytes)");
    }

    @Test
    void anEntryPrintsLikeLsLn() {
        assertThat(new RootfsEntry("/usr/bin/su", EntryType.FILE, 04755, 0, 0, 10, java.util.Optional.empty()))
                .hasToString("-rwsr-xr-x 0 0 10 /usr/bin/su");
        assertThat(new RootfsEntry("/tmp", EntryType.DIRECTORY, 01777, 0, 0, 0, java.util.Optional.empty()))
                .hasToString("drwxrwxrwt 0 0 0 /tmp");
    }

    private static List<String> listing(RootfsTree tree) {
        return tree.entries().stream().filter(e -> !e.path().equals("/lost+found") && !e.path().equals("/"))
                .map(e -> e.path() + " " + e.type() + " " + e.octalMode()
                        + (e.type() == EntryType.DIRECTORY ? "" : " " + e.size())
                        + e.symlinkTarget().map(t -> " -> " + t).orElse(""))
                .toList();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
