package org.citadel.realmfs.core.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import org.citadel.realmfs.core.linux.FileNodes;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Normalizing a plain directory as the rootfs: what goes, what is rewritten, and the times afterwards. */
class RootfsNormalizerTest {
    static final Instant EPOCH = Instant.parse("2025-06-01T12:00:00Z");
    static final long EPOCH_DAY = 20240; // 2025-06-01
    static final FileTime BEFORE = FileTime.from(Instant.parse("2024-03-04T05:06:07.5Z"));

    @TempDir
    Path base;
    Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectories(base.resolve("rootfs"));
        for (String dir : new String[] {"etc/ssh", "var/log/apt", "var/lib/dpkg", "var/cache/debconf",
                "var/cache/ldconfig", "var/cache/man/de", "var/lib/dbus", "var/lib/systemd", "usr/lib/python3/x"}) {
            Files.createDirectories(rootfs.resolve(dir));
        }
    }

    @Test
    void removesTheLogsCachesBackupsSeedsAndHostKeysThatRecordTheBuild() throws IOException {
        String[] removed = {"var/log/dpkg.log", "var/log/bootstrap.log", "var/log/alternatives.log",
                "var/log/apt/history.log", "var/log/apt/term.log", "var/log/apt/eipp.log.xz",
                "var/cache/ldconfig/aux-cache", "var/lib/dbus/machine-id", "var/lib/systemd/random-seed",
                "var/lib/dpkg/status-old", "var/lib/dpkg/diversions-old", "var/cache/debconf/config.dat-old",
                "var/cache/debconf/templates.dat-old", "var/cache/man/index.db", "var/cache/man/de/index.db",
                "etc/ssh/ssh_host_ed25519_key", "etc/ssh/ssh_host_ed25519_key.pub",
                "usr/lib/python3/x/__pycache__/m.cpython-313.pyc"};
        String[] kept = {"var/lib/dpkg/status", "var/cache/debconf/config.dat", "var/cache/man/de/cat1",
                "etc/ssh/sshd_config", "usr/lib/python3/x/m.py", "var/log/lastlog"};
        for (String path : Stream.concat(Stream.of(removed), Stream.of(kept)).toList()) {
            Files.createDirectories(rootfs.resolve(path).getParent());
            Files.writeString(rootfs.resolve(path), "x");
        }

        normalize();

        for (String path : removed) {
            assertThat(rootfs.resolve(path)).as(path).doesNotExist();
        }
        for (String path : kept) {
            assertThat(rootfs.resolve(path)).as(path).exists();
        }
        assertThat(rootfs.resolve("usr/lib/python3/x/__pycache__")).doesNotExist();
    }

    @Test
    void aSymlinkInPlaceOfARemovedFileStaysAndItsHostTargetIsUntouched() throws IOException {
        Path canary = Files.writeString(base.resolve("canary"), "host file\n");
        Files.createSymbolicLink(rootfs.resolve("var/log/dpkg.log"), canary);
        Files.createSymbolicLink(rootfs.resolve("etc/machine-id"), canary);
        Files.createSymbolicLink(rootfs.resolve("var/log/apt/history.log"), canary);
        Files.createSymbolicLink(rootfs.resolve("usr/lib/python3/x/__pycache__"), base);

        normalize();

        assertThat(rootfs.resolve("var/log/dpkg.log")).isSymbolicLink();
        assertThat(rootfs.resolve("etc/machine-id")).isSymbolicLink();
        assertThat(canary).hasContent("host file");
        assertThat(Files.getLastModifiedTime(canary).toInstant()).isAfter(EPOCH);
        assertThat(base.resolve("rootfs")).isDirectory(); // the pycache symlink was removed, not followed
    }

    @Test
    void theMachineIdIsEmptiedKeepingItsMode() throws IOException {
        Path machineId = Files.writeString(rootfs.resolve("etc/machine-id"), "65ad9fdcb0f74d999801d43266f9a480\n");
        Files.setPosixFilePermissions(machineId, PosixFilePermissions.fromString("r--r--r--"));

        normalize();

        assertThat(machineId).isEmptyFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(machineId))).isEqualTo("r--r--r--");
    }

    @Test
    void shadowDaysLaterThanTheEpochsDayBecomeItWhileEmptyZeroAndEarlierDaysStay() throws IOException {
        Path shadow = Files.writeString(rootfs.resolve("etc/shadow"),
                "root:*:20788:0:99999:7:::\nalice:$y$j9T$x:0:0:99999:7:::\nbob:!:19000::::::\nnobody:*::::::\n");
        Files.writeString(rootfs.resolve("etc/shadow-"), "root:*:20787:0:99999:7:::\n");
        Files.setPosixFilePermissions(shadow, PosixFilePermissions.fromString("rw-r-----"));
        Files.setAttribute(shadow, "unix:gid", 42);

        normalize();

        assertThat(shadow).hasContent("root:*:" + EPOCH_DAY + ":0:99999:7:::\nalice:$y$j9T$x:0:0:99999:7:::\n"
                + "bob:!:19000::::::\nnobody:*::::::\n");
        assertThat(rootfs.resolve("etc/shadow-")).hasContent("root:*:" + EPOCH_DAY + ":0:99999:7:::\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shadow))).isEqualTo("rw-r-----");
        assertThat(Files.getAttribute(shadow, "unix:gid")).isEqualTo(42);
    }

    @Test
    void timesLaterThanTheEpochBecomeItAndEveryAccessTimeIsTheModificationTime() throws IOException {
        Path old = Files.writeString(rootfs.resolve("etc/old.conf"), "from a package");
        Files.setLastModifiedTime(old, BEFORE);
        Files.readString(old); // moves the access time on
        Path fresh = Files.writeString(rootfs.resolve("etc/fresh.conf"), "written by the build");
        Path link = Files.createSymbolicLink(rootfs.resolve("etc/link"), Path.of("/nowhere"));
        FileNodes.setModificationTime(link, BEFORE);
        Path freshLink = Files.createSymbolicLink(rootfs.resolve("etc/fresh-link"), Path.of("fresh.conf"));

        normalize();

        assertTimes(old, BEFORE.toInstant());
        assertTimes(fresh, EPOCH);
        assertTimes(link, BEFORE.toInstant());
        assertTimes(freshLink, EPOCH);
        assertTimes(rootfs.resolve("etc"), EPOCH);
        assertTimes(rootfs, EPOCH);
        try (Stream<Path> all = Files.walk(rootfs)) {
            assertThat(all.map(this::modified)).allSatisfy(time -> assertThat(time).isBeforeOrEqualTo(EPOCH));
        }
    }

    @Test
    void theEpochsDayIsCountedFromTheUnixEpochInUtc() {
        assertThat(new RootfsNormalizer(new RootfsFiles(rootfs), EPOCH).epochDay()).isEqualTo(EPOCH_DAY);
        assertThat(new RootfsNormalizer(new RootfsFiles(rootfs), Instant.parse("2025-06-01T23:59:59Z")).epochDay())
                .isEqualTo(EPOCH_DAY);
    }

    private void normalize() {
        new RootfsNormalizer(new RootfsFiles(rootfs), EPOCH).normalize();
    }

    private Instant modified(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).lastModifiedTime().toInstant();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertTimes(Path path, Instant expected) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(attributes.lastModifiedTime().toInstant()).as(path + " mtime").isEqualTo(expected);
        assertThat(attributes.lastAccessTime().toInstant()).as(path + " atime").isEqualTo(expected);
    }
}
