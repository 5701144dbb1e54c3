package org.citadel.realmfs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citadel.realmfs.testing.RealmfsAssertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.testing.tree.EntryType;
import org.citadel.realmfs.testing.tree.RootfsEntry;
import org.citadel.realmfs.testing.tree.RootfsTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rootfs and image assertions on one real build, kept as a directory and written as a tar, an
 * ext4 image and an uncompressed RealmFS image: each passes on what the recipe made and fails,
 * showing what is there, when it should.
 */
@RealmfsTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RootfsAssertionsIT {
    TestBuild build;
    Path files;

    @BeforeAll
    void build(RealmfsTestBuilds builds) throws IOException {
        files = Files.createTempDirectory("realmfs-testing-files");
        build = builds.build(TestRecipes.fixture(files), (options, work) -> options
                .output(Output.tar(work.resolve("rootfs.tar")))
                .output(Output.ext4(work.resolve("rootfs.ext4")))
                .output(RealmfsImageOutput.builder(work).compressed(false).freeSpaceBytes(64L << 20).build()));
    }

    @AfterAll
    void removeFiles() throws IOException {
        try (var s = Files.list(files)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(files);
    }

    @Test
    void theDirectoryTarExt4AndRealmfsImageReadersSeeTheSameTree() {
        List<String> directory = listing(build.rootfs());
        for (String kind : List.of("tar", "ext4", "realmfs")) {
            try (RootfsTree tree = RootfsTree.open(build.output(kind).orElseThrow())) {
                assertThat(listing(tree)).as(kind).isEqualTo(directory);
                assertThat(tree.text("/etc/motd")).as(kind).isEqualTo("hello\n");
            }
        }
        assertThat(directory).hasSizeGreaterThan(5000);
    }

    @Test
    void fileAssertionsPassOnWhatTheRecipeWrote() {
        assertThat(build)
                .hasDirectory("/etc")
                .hasFile("/bin/sh")
                .doesNotHave("/etc/nothing-here")
                .hasUser("root")
                .hasGroup("shadow");
        assertThat(build).file("/etc/motd").hasContent("hello\n").contains("hell").doesNotContain("bye")
                .hasMode(0644).isOwnedBy(0, 0).isRegularFile();
        assertThat(build).file("/etc/secret.conf").hasMode(0640).isOwnedBy(0, 42);
        assertThat(build).file("/etc/motd-link").isSymlinkTo("/etc/motd").hasContent("hello\n");
        assertThat(build).file("/usr/local/bin/hi").isExecutable().content().startsWith("#!/bin/sh");
        assertThat(build).file("/bin/sh").isExecutable();
        assertThat(build).entriesUnder("/etc/systemd/system").extracting(RootfsEntry::path)
                .contains("/etc/systemd/system/multi-user.target.wants/" + TestRecipes.HELLO_UNIT);
    }

    @Test
    void aFileAssertionThatDoesNotHoldShowsWhatIsThere() {
        assertThatThrownBy(() -> assertThat(build).file("/etc/motd").hasContent("bye\n"))
                .hasMessageContaining("/etc/motd").hasMessageContaining("its content is \"hello\\n\"");
        assertThatThrownBy(() -> assertThat(build).file("/etc/secret.conf").hasMode(0644))
                .hasMessageContaining("to have mode 0644, but it has 0640: -rw-r----- 0 42 9 /etc/secret.conf");
        assertThatThrownBy(() -> assertThat(build).file("/etc/secret.conf").isOwnedBy(0, 0))
                .hasMessageContaining("but it is owned by 0:42");
        assertThatThrownBy(() -> assertThat(build).file("/etc/motd-link").isSymlinkTo("/etc/issue"))
                .hasMessageContaining("but it links to /etc/motd");
        assertThatThrownBy(() -> assertThat(build).file("/etc/motd").isExecutable())
                .hasMessageContaining("to be an executable file, but it is -rw-r--r-- 0 0 6 /etc/motd");
        assertThatThrownBy(() -> assertThat(build).file("/etc/no-such-file"))
                .hasMessageContaining("but there is none; /etc holds ").hasMessageContaining("motd");
        assertThatThrownBy(() -> assertThat(build).doesNotHave("/etc/motd"))
                .hasMessageContaining("but there is: -rw-r--r-- 0 0 6 /etc/motd");
        assertThatThrownBy(() -> assertThat(build).hasDirectory("/etc/motd"))
                .hasMessageContaining("Expected a directory /etc/motd").hasMessageContaining("but it is: -rw-r--r--");
        assertThatThrownBy(() -> assertThat(build).hasUser("nobody-here"))
                .hasMessageContaining("/etc/passwd has root, ");
    }

    @Test
    void aBuildResultIsAssertedOnItsKeptRootfs() {
        assertThat(build.result()).file("/etc/motd").hasContent("hello\n");
        assertThatThrownBy(() -> assertThat(build.result()).file("/etc/motd").hasContent("bye\n"))
                .hasMessageContaining("/etc/motd in " + build.rootfsDirectory());
    }

    @Test
    void packageAssertionsReadDpkgsStatus() throws Exception {
        String lessVersion = dpkgQueryVersion("less");

        assertThat(build).hasPackage("less").hasPackage("less", lessVersion).doesNotHavePackage("vim");

        assertThatThrownBy(() -> assertThat(build).hasPackage("vim"))
                .hasMessageContaining("Expected the package vim installed").hasMessageContaining("less " + lessVersion);
        assertThatThrownBy(() -> assertThat(build).hasPackage("less", "0.1"))
                .hasMessageContaining("but dpkg's status has version " + lessVersion);
        assertThatThrownBy(() -> assertThat(build).doesNotHavePackage("less"))
                .hasMessageContaining("has it installed, version " + lessVersion);
    }

    @Test
    void unitAssertionsReadTheEnablementSymlinks() {
        assertThat(build).unit(TestRecipes.HELLO_UNIT).exists().isEnabled();
        assertThat(build).unit("systemd-networkd.service").exists().isNotEnabled();

        assertThatThrownBy(() -> assertThat(build).unit("systemd-networkd.service").isEnabled())
                .hasMessageContaining("no symlink in /etc/systemd/system/*.wants")
                .hasMessageContaining("[Install]")
                .hasMessageContaining("multi-user.target.wants/" + TestRecipes.HELLO_UNIT);
        assertThatThrownBy(() -> assertThat(build).unit(TestRecipes.HELLO_UNIT).isNotEnabled())
                .hasMessageContaining("but it is: lrwxrwxrwx");
        assertThatThrownBy(() -> assertThat(build).unit("no-such.service").exists())
                .hasMessageContaining("none of /etc/systemd/system, /usr/lib/systemd/system");
    }

    @Test
    void theSameAssertionsHoldOnEachOutput() {
        for (String kind : List.of("tar", "ext4", "realmfs")) {
            assertThat(build).output(kind).hasPackage("less").unit(TestRecipes.HELLO_UNIT).isEnabled();
            assertThat(build).output(kind).file("/etc/secret.conf").hasContent("secret=1\n").hasMode(0640)
                    .isOwnedBy(0, 42);
        }
        assertThatThrownBy(() -> assertThat(build).output("ext4").file("/etc/secret.conf").hasMode(0600))
                .hasMessageContaining(build.output("ext4").orElseThrow().toString())
                .hasMessageContaining("but it has 0640");
    }

    @Test
    void theRealmfsImageIsADevImageCitadelAccepts() {
        assertThat(build).realmfsImage().isValid().isSignedByDevelopmentKey().hasVerifiedVerityRoot()
                .hasName("base").hasChannel("dev").hasVersion(1);

        String otherKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
        assertThatThrownBy(() -> assertThat(build).realmfsImage().isSignedBy(otherKey))
                .hasMessageContaining("signature does not verify with it (it is signed with Citadel's development key)");
        assertThatThrownBy(() -> assertThat(build).realmfsImage().isValidFor(otherKey))
                .hasMessageContaining("The signature does not verify with the public key " + otherKey);
        assertThatThrownBy(() -> assertThat(build).realmfsImage().hasChannel("stable"))
                .hasMessageContaining("to have channel stable, but its metainfo has dev");
    }

    /** Path, type, mode, owner, symlink target and (for files) size: what every container records alike. */
    private static List<String> listing(RootfsTree tree) {
        return tree.entries().stream().filter(e -> !e.path().equals("/lost+found"))
                .map(e -> e.path() + " " + e.type() + " " + e.octalMode() + " " + e.uid() + ":" + e.gid() + " "
                        + (e.type() == EntryType.DIRECTORY ? "" : e.size()) + e.symlinkTarget().map(t -> " -> " + t).orElse(""))
                .toList();
    }

    private String dpkgQueryVersion(String name) throws Exception {
        Process p = new ProcessBuilder("dpkg-query", "--admindir=" + build.rootfsDirectory().resolve("var/lib/dpkg"),
                "-W", "-f", "${Version}", name).start();
        String version = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).isZero();
        return version;
    }
}
