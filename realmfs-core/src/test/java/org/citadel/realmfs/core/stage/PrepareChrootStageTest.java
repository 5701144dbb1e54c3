package org.citadel.realmfs.core.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.rootfs.RootfsPathException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preparing the chroot on a plain directory, the mounts recorded instead of made: where it mounts,
 * what it refuses, which build-only files it writes. (That the mounts work is what every build IT
 * shows.)
 */
class PrepareChrootStageTest {
    @TempDir
    Path base;
    Path rootfs;
    Path hostResolvConf;
    RootfsFiles files;
    RecordedMounts mounts;
    BuildOnlyFiles buildOnlyFiles;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectories(base.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc/apt/apt.conf.d"));
        Files.createDirectories(rootfs.resolve("etc/dpkg/dpkg.cfg.d"));
        Files.createDirectories(rootfs.resolve("usr/sbin"));
        hostResolvConf = Files.writeString(base.resolve("host-resolv.conf"), "nameserver 192.0.2.1\n");
        files = new RootfsFiles(rootfs);
        mounts = new RecordedMounts(rootfs);
        buildOnlyFiles = new BuildOnlyFiles(files);
    }

    @Test
    void mountsOnExactlyTheTargetsThePlanNamesInItsOrder() {
        new PrepareChrootStage().prepare(files, mounts, buildOnlyFiles, hostResolvConf);

        List<String> planned = StagePlans.prepareChroot().stream()
                .filter(step -> step.action() == PlannedStep.Action.MOUNT)
                .flatMap(step -> step.rootfsPaths().stream().map(RootfsPath::toString)).toList();
        assertThat(mounts.targets()).isEqualTo(planned);
        assertThat(mounts.made).contains("proc /proc", "sysfs /sys", "tmpfs of 16M /dev", "bind /dev/null /dev/null",
                "devpts /dev/pts", "tmpfs /dev/shm", "tmpfs /tmp", "read-only bind " + hostResolvConf + " /etc/resolv.conf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"proc", "sys", "dev", "tmp"})
    void aSymlinkWhereTheBuildMountsFailsTheBuildNamingItAndNothingIsMountedThroughIt(String directory)
            throws IOException {
        Files.createSymbolicLink(rootfs.resolve(directory), Path.of("/"));

        assertThatThrownBy(() -> new PrepareChrootStage().prepare(files, mounts, buildOnlyFiles, hostResolvConf))
                .isInstanceOf(RootfsPathException.class)
                .hasMessageContaining("/" + directory + " in the rootfs " + rootfs)
                .hasMessageContaining("it is a symlink");
        assertThat(mounts.targets()).doesNotContain("/" + directory);
    }

    @Test
    void writesTheBuildOnlySettingsWhereNoFileIsAndRemembersOnlyThose() throws IOException {
        Files.writeString(rootfs.resolve("usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 0\n");

        new PrepareChrootStage().prepare(files, mounts, buildOnlyFiles, hostResolvConf);

        assertThat(rootfs.resolve("usr/sbin/policy-rc.d")).hasContent("#!/bin/sh\nexit 0");
        assertThat(rootfs.resolve("etc/dpkg/dpkg.cfg.d/realmfs-build")).hasContent("force-unsafe-io");
        assertThat(rootfs.resolve("etc/apt/apt.conf.d/99realmfs-build")).content().contains("--force-confold");
        assertThat(buildOnlyFiles.files()).containsExactlyInAnyOrder("/etc/apt/apt.conf.d/99realmfs-build",
                "/etc/dpkg/dpkg.cfg.d/realmfs-build", "/etc/resolv.conf");
    }

    @Test
    void aResolvConfTheImageHasIsMountedOverButNotRemovedLater() throws IOException {
        Files.writeString(rootfs.resolve("etc/resolv.conf"), "nameserver 198.51.100.1\n");

        new PrepareChrootStage().prepare(files, mounts, buildOnlyFiles, hostResolvConf);

        assertThat(mounts.targets()).contains("/etc/resolv.conf");
        assertThat(buildOnlyFiles.files()).doesNotContain("/etc/resolv.conf");
    }

    @Test
    void aResolvConfSymlinkStaysAsItIsAndNoHostResolverIsMountedThroughIt() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("etc/resolv.conf"), Path.of("/run/systemd/resolve/stub-resolv.conf"));

        new PrepareChrootStage().prepare(files, mounts, buildOnlyFiles, hostResolvConf);

        assertThat(mounts.targets()).doesNotContain("/etc/resolv.conf");
        assertThat(Files.isSymbolicLink(rootfs.resolve("etc/resolv.conf"))).isTrue();
        assertThat(buildOnlyFiles.files()).doesNotContain("/etc/resolv.conf");
    }

    @Test
    void aHostWithoutAResolvConfFileLendsNone() {
        new PrepareChrootStage().prepare(files, mounts, buildOnlyFiles, base.resolve("no-such-resolv.conf"));

        assertThat(mounts.targets()).doesNotContain("/etc/resolv.conf");
        assertThat(rootfs.resolve("etc/resolv.conf")).doesNotExist();
    }
}
