package org.citadel.realmfs.core.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptStateTest {
    @TempDir
    Path rootfs;

    private AptState afterBootstrap;

    @BeforeEach
    void debootstrappedTree() throws IOException {
        write("etc/apt/sources.list", "deb http://mirror.invalid/debian trixie main\n");
        write("etc/apt/apt.conf.d/70debconf", "DPkg::Pre-Install-Pkgs {\"/usr/sbin/dpkg-preconfigure --apt\";};\n");
        Files.createDirectories(rootfs.resolve("etc/apt/preferences.d"));
        Files.createDirectories(rootfs.resolve("etc/apt/trusted.gpg.d"));
        Files.createSymbolicLink(rootfs.resolve("etc/apt/trusted.gpg.d/debian.asc"),
                Path.of("/usr/share/keyrings/debian.asc"));
        write("var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\nVersion: 5.2.37-2\n");
        write("var/lib/apt/lists/mirror_debian_dists_trixie_InRelease", "Date: Sat, 21 Nov 2026\n");
        write("var/lib/apt/lists/mirror_debian_dists_trixie_Release", "Date: Sat, 21 Nov 2026\n");
        write("var/lib/apt/lists/mirror_debian_dists_trixie_main_binary-amd64_Packages", "Package: bash\n");
        afterBootstrap = AptState.of(rootfs);
    }

    @Test
    void symlinksToTheHostAreNeverFollowedOntoTheHost(@TempDir Path host) throws IOException {
        Path hostDpkg = Files.createDirectories(host.resolve("dpkg"));
        Path hostStatus = Files.writeString(hostDpkg.resolve("status"), "Package: host-only\n");
        Path hostSources = Files.createDirectories(host.resolve("sources"));
        deleteTree(rootfs.resolve("var/lib/dpkg"));
        Files.createSymbolicLink(rootfs.resolve("var/lib/dpkg"), hostDpkg);
        Files.createSymbolicLink(rootfs.resolve("etc/apt/sources.list.d"), hostSources);
        AptState linked = AptState.of(rootfs);

        Files.writeString(hostStatus, "Package: changed-on-the-host\n");
        Files.writeString(hostSources.resolve("extra.list"), "deb http://mirror.invalid/debian forky main\n");

        assertThat(AptState.of(rootfs)).isEqualTo(linked);
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var tree = Files.walk(directory)) {
            for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void isTheSameWhenNothingThatDecidesAnUpgradeChanged() throws IOException {
        write("etc/motd", "a module wrote this\n");
        write("var/lib/apt/lists/mirror_debian_dists_trixie_main_i18n_Translation-en", "Package: bash\n");

        assertThat(AptState.of(rootfs)).isEqualTo(afterBootstrap);
    }

    @Test
    void isTheSameWhenAptGetUpdateDeletedTheReleaseThatTheInReleaseMadeRedundant() throws IOException {
        Files.delete(rootfs.resolve("var/lib/apt/lists/mirror_debian_dists_trixie_Release"));

        assertThat(AptState.of(rootfs)).isEqualTo(afterBootstrap);
    }

    @Test
    void changesWhenASuiteWithoutInReleaseHasANewRelease() throws IOException {
        write("var/lib/apt/lists/other_dists_x_Release", "Date: Sun, 22 Nov 2026\n");
        AptState withRelease = AptState.of(rootfs);

        write("var/lib/apt/lists/other_dists_x_Release", "Date: Mon, 23 Nov 2026\n");

        assertThat(AptState.of(rootfs)).isNotEqualTo(withRelease);
    }

    @Test
    void changesWhenAModuleAddsASource() throws IOException {
        write("etc/apt/sources.list.d/security.sources", "Types: deb\nSuites: trixie-security\n");

        assertThat(AptState.of(rootfs)).isNotEqualTo(afterBootstrap);
    }

    @Test
    void changesWhenAModuleEditsASourceOrAPin() throws IOException {
        write("etc/apt/sources.list", "deb http://mirror.invalid/debian trixie main contrib\n");
        assertThat(AptState.of(rootfs)).isNotEqualTo(afterBootstrap);

        write("etc/apt/sources.list", "deb http://mirror.invalid/debian trixie main\n");
        write("etc/apt/preferences.d/pin", "Package: *\nPin: release n=forky\nPin-Priority: 990\n");
        assertThat(AptState.of(rootfs)).isNotEqualTo(afterBootstrap);
    }

    @Test
    void changesWhenTheArchiveWasUpdatedSinceDebootstrap() throws IOException {
        write("var/lib/apt/lists/mirror_debian_dists_trixie_InRelease", "Date: Sun, 22 Nov 2026\n");

        assertThat(AptState.of(rootfs)).isNotEqualTo(afterBootstrap);
    }

    @Test
    void changesWhenAModuleInstalledOrChangedAPackage() throws IOException {
        write("var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\nVersion: 5.2.37-1\n");

        assertThat(AptState.of(rootfs)).isNotEqualTo(afterBootstrap);
    }

    @Test
    void changesWhenASymbolicLinkInTheConfigurationPointsElsewhere() throws IOException {
        Path link = rootfs.resolve("etc/apt/trusted.gpg.d/debian.asc");
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("/etc/other.asc"));

        assertThat(AptState.of(rootfs)).isNotEqualTo(afterBootstrap);
    }

    private void write(String path, String content) throws IOException {
        Path file = rootfs.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
