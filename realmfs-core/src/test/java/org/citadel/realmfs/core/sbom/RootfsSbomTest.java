package org.citadel.realmfs.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.FileMode;
import org.citadel.realmfs.api.InstalledPackage;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.api.Sbom;
import org.citadel.realmfs.api.SbomProvenance;
import org.citadel.realmfs.core.archive.ArchiveProbe;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsSbomTest {
    private static final ArchiveProbe.ReleaseState RELEASE = new ArchiveProbe.ReleaseState(
            URI.create("http://mirror.invalid/debian"), "stable", "trixie", "12".repeat(32), Optional.empty());
    private static final Instant EPOCH = Instant.ofEpochSecond(1_750_000_000L);
    private static final String DEP5 = "Format: https://manuals.invalid/doc/packaging-manuals/copyright-format/1.0/\n\n"
            + "Files: *\nLicense: GPL-2+\n";

    private final List<String> warnings = new ArrayList<>();
    @TempDir
    Path temp;
    Path rootfs;

    @BeforeEach
    void rootfs() throws IOException {
        rootfs = Files.createDirectories(temp.resolve("rootfs"));
        write("var/lib/dpkg/status", """
                Package: b-with-host-link
                Status: install ok installed
                Architecture: all
                Version: 1.0

                Package: a-licensed
                Status: install ok installed
                Architecture: amd64
                Source: a-src (2:3.0-1)
                Version: 2:3.0-1+b2

                Package: gone
                Status: deinstall ok config-files
                Architecture: amd64
                Version: 0.9
                """);
        write("usr/share/doc/a-licensed/copyright", DEP5);
    }

    @Test
    void listsDpkgsInstalledPackagesWithPurlsAndTheLicensesOfMachineReadableCopyrightFiles() {
        Sbom sbom = RootfsSbom.read(new RootfsFiles(rootfs), RealmfsBuild.builder().build(), RELEASE, EPOCH, warnings::add);

        assertThat(sbom.packages()).containsExactly(
                new InstalledPackage("a-licensed", "2:3.0-1+b2", "amd64", "a-src", "2:3.0-1",
                        "pkg:deb/debian/a-licensed@2%3A3.0-1%2Bb2?arch=amd64&distro=debian-trixie", List.of("GPL-2+")),
                new InstalledPackage("b-with-host-link", "1.0", "all", "b-with-host-link", "1.0",
                        "pkg:deb/debian/b-with-host-link@1.0?arch=all&distro=debian-trixie", List.of()));
    }

    @Test
    void theSameTreeInAnotherDirectoryGivesTheSameSbomAndTheSameBytes() throws IOException {
        Path copy = Files.createDirectories(temp.resolve("elsewhere/rootfs"));
        for (String path : List.of("var/lib/dpkg/status", "usr/share/doc/a-licensed/copyright")) {
            Files.createDirectories(copy.resolve(path).getParent());
            Files.copy(rootfs.resolve(path), copy.resolve(path));
        }

        Sbom here = RootfsSbom.read(new RootfsFiles(rootfs), RealmfsBuild.builder().build(), RELEASE, EPOCH, warnings::add);
        Sbom there = RootfsSbom.read(new RootfsFiles(copy), RealmfsBuild.builder().build(), RELEASE, EPOCH, warnings::add);

        assertThat(there).isEqualTo(here);
        assertThat(CycloneDxJson.write(there)).isEqualTo(CycloneDxJson.write(here));
    }

    @Test
    void aCopyrightFileLinkedToAHostPathIsReadInsideTheRootfsNeverFromTheHost() throws IOException {
        Path hostFile = Files.writeString(temp.resolve("host-copyright"), DEP5);
        Files.createDirectories(rootfs.resolve("usr/share/doc/b-with-host-link"));
        Files.createSymbolicLink(rootfs.resolve("usr/share/doc/b-with-host-link/copyright"), hostFile);

        Sbom sbom = RootfsSbom.read(new RootfsFiles(rootfs), RealmfsBuild.builder().build(), RELEASE, EPOCH, warnings::add);

        assertThat(sbom.packages().get(1).licenses()).isEmpty();
    }

    @Test
    void theProvenanceNamesTheArchiveTheEpochTheModulesAndTheInstalledFilesAsTheImageHoldsThem() throws IOException {
        Path source = Files.writeString(temp.resolve("x.conf"), "a=1\n");
        Path removed = Files.writeString(temp.resolve("gone.conf"), "b=2\n");
        RealmfsBuild recipe = RealmfsBuild.builder()
                .preModule("first", "true")
                .installFile(source, "/etc", 0640)
                .postModule("second", "rm /etc/gone.conf")
                .installFile(removed, "/etc", 0644)
                .build();
        write("etc/x.conf", "a=1 changed by a later module\n");

        SbomProvenance provenance = RootfsSbom.read(new RootfsFiles(rootfs), recipe, RELEASE, EPOCH, warnings::add).provenance();

        assertThat(provenance.release()).isEqualTo("stable");
        assertThat(provenance.codename()).isEqualTo("trixie");
        assertThat(provenance.mirror()).isEqualTo(URI.create("http://mirror.invalid/debian"));
        assertThat(provenance.inReleaseSha256()).isEqualTo("12".repeat(32));
        assertThat(provenance.sourceDateEpoch()).isEqualTo(EPOCH);
        assertThat(provenance.preInstallModules()).extracting(SbomProvenance.RecipeModule::name).containsExactly("first");
        assertThat(provenance.preInstallModules().get(0).sha256())
                .isEqualTo(recipe.preModules().get(0).cacheKey().map(Sha256::hex));
        assertThat(provenance.postInstallModules()).extracting(m -> m.kind().label() + " " + m.name())
                .containsExactly("install-file install-file /etc/x.conf", "shell second", "install-file install-file /etc/gone.conf");
        assertThat(provenance.installedFiles()).containsExactly(
                new SbomProvenance.InstalledFile(RootfsPath.of("/etc/x.conf"), FileMode.of(0640),
                        Optional.of(Sha256.hex("a=1 changed by a later module\n"))),
                new SbomProvenance.InstalledFile(RootfsPath.of("/etc/gone.conf"), FileMode.of(0644), Optional.empty()));
        assertThat(provenance.builderVersion()).isEqualTo(BuilderVersion.current());
    }

    @Test
    void aRootfsWithoutDpkgsStatusListsNoPackagesAndSaysWhy() throws IOException {
        Files.delete(rootfs.resolve("var/lib/dpkg/status"));

        Sbom sbom = RootfsSbom.read(new RootfsFiles(rootfs), RealmfsBuild.builder().build(), RELEASE, EPOCH, warnings::add);

        assertThat(sbom.packages()).isEmpty();
        assertThat(warnings).singleElement().asString()
                .contains("There is no /var/lib/dpkg/status in the rootfs " + rootfs, "the SBOM lists no packages");
    }

    @Test
    void aRootfsWithDpkgsStatusWarnsOfNothing() {
        RootfsSbom.read(new RootfsFiles(rootfs), RealmfsBuild.builder().build(), RELEASE, EPOCH, warnings::add);

        assertThat(warnings).isEmpty();
    }

    private void write(String path, String content) throws IOException {
        Path file = rootfs.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
