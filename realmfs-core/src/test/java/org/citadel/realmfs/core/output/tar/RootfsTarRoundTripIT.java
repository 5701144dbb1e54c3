package org.citadel.realmfs.core.output.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives a small tree holding every kind of file a rootfs has, then checks the archive with GNU
 * tar and restores it both with GNU tar and with {@link RootfsTarReader}. Needs root (mknod, chown,
 * security.capability, mount) and the tools tar, getfattr (package attr), setcap (libcap2-bin).
 */
class RootfsTarRoundTripIT {

    private static final String LONG_NAME = "a-directory-name-long-enough-that-two-of-them/".repeat(2) + "exceed-the-ustar-name-field";

    @TempDir
    Path scratch;
    Path tree;
    Path archive;
    final List<String> omissions = new ArrayList<>();

    @BeforeEach
    void treeWithEveryKindOfFile() throws Exception {
        tree = Files.createDirectory(scratch.resolve("tree"));
        archive = scratch.resolve("tree.tar");
        Files.writeString(tree.resolve("file"), "hello\n");
        Files.createDirectory(tree.resolve("empty"));
        Path ping = Files.createDirectories(tree.resolve("bin")).resolve("ping");
        Files.writeString(ping, "#!/bin/sh\n");
        HostCommand.run("chmod", "4755", ping.toString());
        HostCommand.run("setcap", "cap_net_raw+ep", ping.toString());
        Files.createSymbolicLink(tree.resolve("rel"), Path.of("file"));
        Files.createSymbolicLink(tree.resolve("abs"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(tree.resolve("dangling"), Path.of("missing/nowhere"));
        Files.writeString(tree.resolve("hard-a"), "two names\n");
        Files.createLink(tree.resolve("hard-b"), tree.resolve("hard-a"));
        HostCommand.run("mknod", "-m", "666", Files.createDirectory(tree.resolve("dev")).resolve("null").toString(), "c", "1", "3");
        HostCommand.run("mkfifo", "-m", "600", tree.resolve("fifo").toString());
        Files.writeString(tree.resolve("owned"), "not root's\n");
        Files.setAttribute(tree.resolve("owned"), "unix:uid", 1234);
        Files.setAttribute(tree.resolve("owned"), "unix:gid", 5678);
        Files.writeString(tree.resolve("user-attr"), "attributed\n");
        HostCommand.run("setfattr", "-n", "user.test", "-v", "specification", tree.resolve("user-attr").toString());
        HostCommand.run("chmod", "1777", Files.createDirectory(tree.resolve("tmp")).toString());
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(Files.createDirectory(tree.resolve("run")).resolve("socket")));
        }
        Path names = Files.createDirectory(tree.resolve("names"));
        Files.writeString(Files.createDirectories(names.resolve(LONG_NAME).getParent()).resolve(Path.of(LONG_NAME).getFileName()), "long\n");
        Files.writeString(names.resolve("ünïcödé"), "utf-8\n");
        setAllMtimes(FileTime.from(Instant.parse("2024-05-01T12:00:00Z")));
    }

    @Test
    void gnuTarListsEveryEntryWithNumericOwnersModesLinksDevicesAndAttributes() {
        write();

        String listing = HostCommand.run("tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "-tvvf", archive.toString());

        assertThat(entriesOf(listing)).filteredOn(entry -> !entry.contains("./names/")).containsExactly(
                "drwxr-xr-x 0/0 0 ./",
                "lrwxrwxrwx 0/0 0 ./abs -> /etc/hostname",
                "drwxr-xr-x 0/0 0 ./bin/",
                "-rwsr-xr-x* 0/0 10 ./bin/ping [x: 20 security.capability]",
                "lrwxrwxrwx 0/0 0 ./dangling -> missing/nowhere",
                "drwxr-xr-x 0/0 0 ./dev/",
                "crw-rw-rw- 0/0 1,3 ./dev/null",
                "drwxr-xr-x 0/0 0 ./empty/",
                "prw------- 0/0 0 ./fifo",
                "-rw-r--r-- 0/0 6 ./file",
                "-rw-r--r-- 0/0 10 ./hard-a",
                "hrw-r--r-- 0/0 0 ./hard-b link to ./hard-a",
                "-rw-r--r-- 1234/5678 11 ./owned",
                "lrwxrwxrwx 0/0 0 ./rel -> file",
                "drwxr-xr-x 0/0 0 ./run/",
                "drwxrwxrwt 0/0 0 ./tmp/",
                "-rw-r--r--* 0/0 11 ./user-attr [x: 13 user.test]");
        assertThat(listing).contains("./names/" + LONG_NAME);
    }

    @Test
    void gnuTarExtractsTheArchiveIntoAnIdenticalTree() throws IOException {
        write();
        Path extracted = Files.createDirectory(scratch.resolve("gnu"));

        HostCommand.run("tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-p",
                "-xf", archive.toString(), "-C", extracted.toString());

        assertThat(TreeSnapshot.of(extracted)).containsExactlyElementsOf(TreeSnapshot.of(tree));
    }

    @Test
    void theReaderRestoresTheArchiveIntoAnIdenticalTree() throws IOException {
        write();
        Path restored = Files.createDirectory(scratch.resolve("restored"));

        RestoreSummary summary = new RootfsTarReader().restore(archive, restored);

        assertThat(TreeSnapshot.of(restored)).containsExactlyElementsOf(TreeSnapshot.of(tree));
        assertThat(summary.entries()).isEqualTo(TreeSnapshot.of(tree).size());
    }

    @Test
    void theReaderRestoresWhatGnuTarArchived() throws IOException {
        HostCommand.run("tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "-cf", archive.toString(),
                "-C", tree.toString(), ".");
        Path restored = Files.createDirectory(scratch.resolve("restored"));

        new RootfsTarReader().restore(archive, restored);

        assertThat(TreeSnapshot.of(restored)).containsExactlyElementsOf(TreeSnapshot.of(tree));
    }

    @Test
    void socketsAreLeftOutAndReported() {
        TarWriteSummary summary = write();

        assertThat(summary.socketsOmitted()).isEqualTo(1);
        assertThat(omissions).containsExactly("./run/socket SOCKET");
        assertThat(listedNames()).contains("./run/").doesNotContain("./run/socket");
    }

    @Test
    void aMountedFilesystemBelowTheRootIsArchivedAsAnEmptyDirectory() throws IOException {
        Path mountPoint = Files.createDirectory(tree.resolve("proc"));
        HostCommand.run("mount", "-t", "tmpfs", "-o", "size=1m,mode=555", "realmfs-tar-test", mountPoint.toString());
        try {
            Files.writeString(mountPoint.resolve("inside-the-mount"), "not archived\n");

            TarWriteSummary summary = write();

            assertThat(listedNames()).contains("./proc/").doesNotContain("./proc/inside-the-mount");
            assertThat(summary.mountPointsNotCrossed()).isEqualTo(1);
            assertThat(omissions).contains("./proc/ OTHER_FILESYSTEM");
        } finally {
            HostCommand.run("umount", mountPoint.toString());
        }
    }

    @Test
    void writeToRenamesACompleteArchiveIntoPlaceAndLeavesNoTemporaryFile() throws IOException {
        new RootfsTarWriter().writeTo(tree, archive);

        assertThat(listedNames()).contains("./file");
        try (Stream<Path> files = Files.list(scratch)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("tree", "tree.tar");
        }
    }

    @Test
    void aFailedWriteToLeavesTheFinalFileUntouched() throws IOException {
        Files.writeString(archive, "the previous archive");

        assertThatThrownBy(() -> new RootfsTarWriter().writeTo(tree.resolve("file"), archive))
                .isInstanceOf(RootfsTarException.class)
                .hasMessageContaining("is not a directory");

        assertThat(archive).hasContent("the previous archive");
        try (Stream<Path> files = Files.list(scratch)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("tree", "tree.tar");
        }
    }

    private TarWriteSummary write() {
        return new RootfsTarWriter((name, omission) -> omissions.add(name + " " + omission)).writeTo(tree, archive);
    }

    private List<String> listedNames() {
        return Arrays.asList(HostCommand.run("tar", "-tf", archive.toString()).split("\n"));
    }

    /** GNU tar's verbose listing without dates and spacing: "mode owner size name [x: attributes]". */
    private static List<String> entriesOf(String listing) {
        List<String> entries = new ArrayList<>();
        for (String line : listing.split("\n")) {
            if (line.startsWith("  x: ")) {
                int last = entries.size() - 1;
                entries.set(last, entries.get(last) + " [" + line.trim() + "]");
            } else {
                String[] fields = line.trim().split("\\s+", 6);
                entries.add(fields[0] + " " + fields[1] + " " + fields[2] + " " + fields[5]);
            }
        }
        return entries;
    }

    private void setAllMtimes(FileTime mtime) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                HostCommand.run("touch", "-h", "-d", mtime.toString(), path.toString());
            }
        }
    }
}
