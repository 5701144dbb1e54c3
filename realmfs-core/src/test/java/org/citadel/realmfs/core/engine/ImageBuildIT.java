package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * One real trixie build with an extra package, shell and Java modules and both install_file modes,
 * checked by reading the resulting tree and tar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageBuildIT {
    Path work;
    Path files;
    Path rootfs;
    Path tar;
    BuildResult result;
    final List<BuildEvent> events = new ArrayList<>();

    @BeforeAll
    void buildOnce() throws IOException {
        work = Files.createTempDirectory("realmfs-image-it");
        files = Files.createDirectories(work.resolve("files"));
        Files.writeString(Files.createDirectories(files.resolve("etc/flat")).resolve("full-path.conf"), "full=1\n");
        Files.writeString(files.resolve("flat.conf"), "flat=1\n");
        Path unit = Files.writeString(work.resolve("hello.service"), "[Unit]\nDescription=hello\n");
        tar = work.resolve("out/image.tar");

        RealmfsBuild build = RealmfsBuild.builder()
                .packages("less")
                .filesDirectory(files)
                .environment("GREETING", "hello")
                .preModule("set-motd", "echo \"$GREETING from pre\" > /etc/motd\nexport CHOSEN=blue\ninfo motd set")
                .preModule("see-export", "echo \"$CHOSEN\" > /etc/chosen-colour")
                .postModule("install-files", "install_file 0640 flat.conf /etc/flat\ninstall_file 0600 /etc/flat/full-path.conf")
                .postModule("install-file-errors", String.join("\n",
                        "( install_file 0644 missing.conf /etc ) > /etc/err-missing 2>&1 || true",
                        "( install_file 999 flat.conf /etc ) > /etc/err-mode 2>&1 || true",
                        "( install_file 0644 flat.conf ) > /etc/err-args 2>&1 || true"))
                .postModule("escape-attempt", ctx -> {
                    ctx.run("ln", "-s", "../../../../../../../tmp", "/etc/escape").requireSuccess();
                    // as in the chroot, the climb stops at the rootfs's root: this is the rootfs's own /tmp
                    ctx.writeFile("/etc/escape/owned", "x", 0644);
                    ctx.writeFile("/etc/escape-landed", new String(ctx.readFile("/tmp/owned"), StandardCharsets.UTF_8), 0644);
                    try {
                        ctx.writeFile("/etc/../tmp/owned", "x", 0644);
                    } catch (InvalidRecipeException e) {
                        ctx.writeFile("/etc/err-escape", e.getMessage(), 0644);
                    }
                })
                .postModule("java-step", ctx -> {
                    ctx.writeFile("/etc/x.conf", "a=1\n", 0644);
                    ctx.run("sh", "-c", "less --version | head -1 > /etc/less-version").requireSuccess();
                })
                .installFile(unit, "/usr/lib/systemd/system", 0644)
                .hostname("it-realm")
                .build();

        result = build.run(work.resolve("w"), ItSupport.options()
                .useTmpfs(false)
                .keepRootfs(true)
                .output(Output.tar(tar))
                .listener(events::add)
                .build());
        rootfs = result.rootfs().orElseThrow();
    }

    @Test
    void theExtraPackageIsInstalled() {
        assertThat(result.installedPackages()).contains("less", "systemd-sysv", "locales");
        assertThat(rootfs.resolve("usr/bin/less")).isExecutable();
        assertThat(ItSupport.read(rootfs.resolve("etc/less-version"))).startsWith("less ");
    }

    @Test
    void shellModulesRunInOneSessionInOrder() {
        assertThat(ItSupport.read(rootfs.resolve("etc/motd"))).isEqualTo("hello from pre\n");
        assertThat(ItSupport.read(rootfs.resolve("etc/chosen-colour"))).isEqualTo("blue\n");
        assertThat(events).contains(new BuildEvent.Message(Stage.PRE_INSTALL_MODULES, "motd set"));
    }

    @Test
    void anUpgradeThatCanChangeNothingIsSkipped() {
        // No pre-install module touched apt's sources, pins or packages, and the archive is the one debootstrap read.
        assertThat(events).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(BuildEvent.Message.class,
                message -> assertThat(message.text()).startsWith("skipped apt-get upgrade")));
    }

    @Test
    void installFileWorksInBothModesWithTheGivenModes() throws IOException {
        assertThat(ItSupport.read(rootfs.resolve("etc/flat/flat.conf"))).isEqualTo("flat=1\n");
        assertThat(mode(rootfs.resolve("etc/flat/flat.conf"))).isEqualTo(0640);
        assertThat(ItSupport.read(rootfs.resolve("etc/flat/full-path.conf"))).isEqualTo("full=1\n");
        assertThat(mode(rootfs.resolve("etc/flat/full-path.conf"))).isEqualTo(0600);
        assertThat(ItSupport.read(rootfs.resolve("usr/lib/systemd/system/hello.service"))).contains("hello");
    }

    @Test
    void installFileErrorsNameTheFileAndTheProblem() {
        assertThat(ItSupport.read(rootfs.resolve("etc/err-missing")))
                .contains("realmfs:fatal: install_file: 'missing.conf' not found in the files directories: " + files
                        + ", the builder's built-in files")
                .doesNotContain("/tmp/realmfs-build");
        assertThat(ItSupport.read(rootfs.resolve("etc/err-mode"))).contains("'999' is not an octal file mode");
        assertThat(ItSupport.read(rootfs.resolve("etc/err-args"))).contains("must be a full path");
    }

    @Test
    void javaModulesCannotWriteThroughASymlinkLeavingTheRootfs() {
        assertThat(ItSupport.read(rootfs.resolve("etc/escape-landed"))).isEqualTo("x");
        assertThat(ItSupport.read(rootfs.resolve("etc/err-escape"))).contains("'..'", "inside the rootfs");
        assertThat(Path.of("/tmp/owned")).doesNotExist();
    }

    @Test
    void javaModulesWriteFilesWithTheirModes() throws IOException {
        assertThat(ItSupport.read(rootfs.resolve("etc/x.conf"))).isEqualTo("a=1\n");
        assertThat(mode(rootfs.resolve("etc/x.conf"))).isEqualTo(0644);
    }

    @Test
    void buildOnlyFilesAndCachesAreGoneFromTheImage() throws IOException {
        assertThat(rootfs.resolve("usr/sbin/policy-rc.d")).doesNotExist();
        assertThat(rootfs.resolve("etc/dpkg/dpkg.cfg.d/realmfs-build")).doesNotExist();
        assertThat(rootfs.resolve("etc/apt/apt.conf.d/99realmfs-build")).doesNotExist();
        assertThat(rootfs.resolve("var/cache/apt/pkgcache.bin")).doesNotExist();
        assertThat(rootfs.resolve("var/cache/apt/srcpkgcache.bin")).doesNotExist();
        assertThat(rootfs.resolve("etc/resolv.conf")).doesNotExist();
        try (var debs = Files.list(rootfs.resolve("var/cache/apt/archives"))) {
            assertThat(debs.filter(p -> p.toString().endsWith(".deb"))).isEmpty();
        }
        try (var tmp = Files.list(rootfs.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
        assertThat(ItSupport.read(rootfs.resolve("etc/hostname"))).isEqualTo("it-realm\n");
        try (var cached = Files.list(ItSupport.PACKAGE_CACHE)) {
            assertThat(cached.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("less_"));
        }
    }

    @Test
    void nothingOfTheBuildStaysMounted() {
        assertThat(ItSupport.hostMountsIn(work)).isEmpty();
    }

    @Test
    void theTarHoldsTheSameTreeWithNumericOwnersModesAndLinks() throws IOException {
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
             TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
                entries.put(e.getName().replaceFirst("^\\./", "").replaceFirst("/$", ""), e);
            }
        }
        assertThat(entries).containsKeys("etc/motd", "etc/x.conf", "usr/bin/less", "etc/flat/flat.conf");
        assertThat(entries.get("etc/flat/flat.conf").getMode() & 07777).isEqualTo(0640);
        assertThat(entries.get("etc/x.conf").getLongUserId()).isZero();
        assertThat(entries.get("bin").isSymbolicLink()).isTrue();
        assertThat(entries.get("bin").getLinkName()).isEqualTo("usr/bin");
        assertThat(entries.keySet()).noneMatch(n -> n.startsWith("proc/") || n.startsWith("var/cache/apt/archives/less"));
        assertThat(Files.exists(rootfs.resolve("usr/bin/less"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(result.outputs()).containsValue(tar);
    }

    @Test
    void theOutputDirectoryHoldsOnlyTheTarAndItsSbomNotTheTemporaryFilesTheyWereWrittenAs() throws IOException {
        // AtomicOutputFile writes .image.tar.RANDOM.partial (claimed as .image.tar.RANDOM.claim), then renames it
        try (var names = Files.list(tar.getParent())) {
            assertThat(names).containsExactlyInAnyOrder(tar, tar.resolveSibling(tar.getFileName() + ".cdx.json"));
        }
        try (var names = Files.list(work)) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".") && (n.endsWith(".partial") || n.endsWith(".claim")));
        }
    }

    @AfterAll
    void removeTheBuild() {
        TreeRemover.removeTree(work);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }
}
