package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.BuildPlan;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.PlannedStep.Action;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.Test;

/** The plan {@link RealmfsBuild#plan()} gets from the engine: what a cold build will do, as data. */
class BuildPlanTest {
    private static final RealmfsBuild SNIPPET = RealmfsBuild.builder()
            .release("trixie")
            .mirror(URI.create("http://mirror.invalid/debian"))
            .packages("vim-tiny", "less")
            .preModule("set-motd", "echo hello > /etc/motd")
            .postModule("java-step", ctx -> ctx.writeFile("/etc/x.conf", "a=1\n", 0644))
            .installFile(Path.of("files/x.service"), "/usr/lib/systemd/system", 0644)
            .build();

    @Test
    void theStepsFollowTheStagesInTheOrderTheyRun() {
        List<Stage> stages = SNIPPET.plan().steps().stream().map(PlannedStep::stage).distinct().toList();

        assertThat(stages).containsExactly(Stage.BOOTSTRAP, Stage.PREPARE_CHROOT, Stage.PRE_INSTALL_MODULES,
                Stage.INSTALL_PACKAGES, Stage.POST_INSTALL_MODULES, Stage.FINISH_ROOTFS, Stage.WRITE_OUTPUTS);
        assertThat(SNIPPET.plan().steps(Stage.POST_INSTALL_MODULES)).extracting(PlannedStep::action)
                .containsExactly(Action.JAVA_MODULE, Action.INSTALL_FILE, Action.END_PROCESSES);
    }

    @Test
    void bootstrapBindsThePackageCacheSeedsTheKeptIndexesThenRunsDebootstrapWithTheRecipesChoices() {
        List<PlannedStep> bootstrap = SNIPPET.plan().steps(Stage.BOOTSTRAP);

        assertThat(bootstrap).extracting(PlannedStep::action)
                .containsExactly(Action.MOUNT, Action.WRITE_FILES, Action.HOST_COMMAND);
        assertThat(bootstrap.get(0).rootfsPaths()).map(RootfsPath::toString).containsExactly("/var/cache/apt/archives");
        assertThat(bootstrap.get(1).rootfsPaths()).map(RootfsPath::toString).containsExactly("/var/lib/apt/lists");
        assertThat(bootstrap.get(1).condition()).hasValueSatisfying(when -> assertThat(when).contains("package cache"));
        assertThat(bootstrap.get(2).argv()).startsWith("debootstrap", "--variant=minbase",
                "--include=systemd-sysv,locales", "trixie", PlannedStep.ROOTFS, "http://mirror.invalid/debian");
        assertThat(RealmfsBuild.builder().architecture("arm64").build().plan().steps(Stage.BOOTSTRAP).get(2).argv())
                .contains("--arch=arm64", PlannedStep.HOST_MIRROR);
    }

    @Test
    void upgradeRunsOnlyWhenAptsStateChangedSinceBootstrapAndTheInstallNamesEveryPackage() {
        List<PlannedStep> packages = SNIPPET.plan().steps(Stage.INSTALL_PACKAGES);

        assertThat(packages).extracting(PlannedStep::argv).containsExactly(
                List.of(),
                List.of("apt-get", "update"),
                List.of("apt-get", "-y", "upgrade"),
                List.of(),
                List.of("apt-get", "-y", "install", "--", "vim-tiny", "less"),
                List.of("dpkg-query", "-W", "-f=${binary:Package}\\n"),
                List.of());
        assertThat(packages).extracting(PlannedStep::action).containsExactly(Action.WRITE_FILES, Action.CHROOT_COMMAND,
                Action.CHROOT_COMMAND, Action.DOWNLOAD, Action.CHROOT_COMMAND, Action.CHROOT_COMMAND,
                Action.WRITE_FILES);
        assertThat(packages.get(0).rootfsPaths()).map(RootfsPath::toString).containsExactly("/var/lib/apt/lists");
        assertThat(packages.get(0).condition()).hasValueSatisfying(when -> assertThat(when).contains("package cache"));
        assertThat(packages.get(1).condition()).isEmpty();
        assertThat(packages.get(2).condition()).hasValueSatisfying(when -> assertThat(when)
                .contains("/etc/apt", "InRelease", "/var/lib/dpkg/status", "changed since bootstrap"));
        assertThat(packages.get(3).condition()).hasValueSatisfying(when -> assertThat(when)
                .contains("package cache has no file of a requested package"));
        assertThat(packages.get(4).condition()).isEmpty();
    }

    @Test
    void withoutPackagesNothingIsDownloadedOrInstalled() {
        List<PlannedStep> packages = RealmfsBuild.builder().build().plan().steps(Stage.INSTALL_PACKAGES);

        assertThat(packages).extracting(PlannedStep::action).doesNotContain(Action.DOWNLOAD);
        assertThat(packages).extracting(PlannedStep::argv).noneMatch(argv -> argv.contains("install"));
    }

    @Test
    void theChrootIsPreparedWithTheMountsAndBuildOnlyFilesTheStageMakes() {
        List<PlannedStep> prepare = SNIPPET.plan().steps(Stage.PREPARE_CHROOT);

        assertThat(prepare.stream().filter(step -> step.action() == Action.MOUNT)
                .flatMap(step -> step.rootfsPaths().stream().map(RootfsPath::toString))).containsExactly("/proc", "/sys", "/dev", "/dev/null",
                "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/pts", "/dev/shm", "/tmp",
                "/etc/resolv.conf");
        PlannedStep resolvConf = prepare.stream().filter(step -> step.rootfsPaths().equals(List.of(RootfsPath.of("/etc/resolv.conf"))))
                .findFirst().orElseThrow();
        assertThat(resolvConf.condition()).hasValueSatisfying(when -> assertThat(when).contains("regular file"));
        assertThat(prepare).filteredOn(step -> step.action() == Action.WRITE_FILES)
                .flatExtracting(step -> step.rootfsPaths().stream().map(RootfsPath::toString).toList()).contains("/usr/sbin/policy-rc.d",
                        "/etc/dpkg/dpkg.cfg.d/realmfs-build", "/etc/apt/apt.conf.d/99realmfs-build",
                        "/tmp/realmfs-build/runtime.sh");
    }

    @Test
    void theFilesAndModulesDirectoriesAreMountedReadOnlyInTheOrderTheyAreSearched() {
        List<PlannedStep> prepare = SNIPPET.toBuilder().filesDirectory(Path.of("/srv/files"))
                .filesDirectory(Path.of("/srv/more")).modulesDirectory(Path.of("/srv/modules")).build()
                .plan().steps(Stage.PREPARE_CHROOT);

        assertThat(prepare).filteredOn(step -> step.description().contains("files directories"))
                .singleElement().satisfies(step -> {
                    assertThat(step.rootfsPaths()).map(RootfsPath::toString).containsExactly("/tmp/realmfs-build/files/0", "/tmp/realmfs-build/files/1");
                    assertThat(step.description()).contains("[/srv/files, /srv/more] read-only");
                });
        assertThat(prepare).filteredOn(step -> step.description().contains("modules directories"))
                .singleElement().extracting(PlannedStep::rootfsPaths).isEqualTo(List.of(RootfsPath.of("/tmp/realmfs-build/module-path/0")));
    }

    @Test
    void theShellSessionStartsBeforeTheFirstShellModuleOfEitherStage() {
        RealmfsBuild postOnly = RealmfsBuild.builder().postModule("a", "true").postModule("b", "true").build();

        assertThat(SNIPPET.plan().steps(Stage.PRE_INSTALL_MODULES)).extracting(PlannedStep::action)
                .containsExactly(Action.CHROOT_COMMAND, Action.SHELL_MODULE);
        assertThat(SNIPPET.plan().steps(Stage.PRE_INSTALL_MODULES).get(0).argv())
                .containsExactly("/bin/bash", "--noprofile", "--norc");
        assertThat(postOnly.plan().steps(Stage.PRE_INSTALL_MODULES)).isEmpty();
        assertThat(postOnly.plan().steps(Stage.POST_INSTALL_MODULES)).extracting(PlannedStep::action)
                .containsExactly(Action.CHROOT_COMMAND, Action.SHELL_MODULE, Action.SHELL_MODULE, Action.END_PROCESSES);
    }

    @Test
    void javaModulesAndInstalledFilesAreDescribedAsTheyRun() {
        RealmfsBuild recipe = SNIPPET.toBuilder().preModule("uncached", ctx -> { }).build();

        PlannedStep uncached = recipe.plan().steps(Stage.PRE_INSTALL_MODULES).get(2);
        assertThat(uncached.description()).contains("Java module uncached", "in the build's JVM",
                "keeps the package layer from being cached");
        assertThat(recipe.plan().steps(Stage.POST_INSTALL_MODULES).get(0).description())
                .contains("Java module java-step").doesNotContain("cache");
        PlannedStep installFile = recipe.plan().steps(Stage.POST_INSTALL_MODULES).get(1);
        assertThat(installFile.rootfsPaths()).map(RootfsPath::toString).containsExactly("/usr/lib/systemd/system/x.service");
        assertThat(installFile.description()).contains("files/x.service", "(0644");
    }

    @Test
    void finishingWritesTheRecipesHostNameOrLocalhostOnlyInPlaceOfTheBuildHostsName() {
        PlannedStep named = hostnameStep(SNIPPET.toBuilder().hostname("realm").build().plan());
        PlannedStep unnamed = hostnameStep(SNIPPET.plan());

        assertThat(named.description()).isEqualTo("write /etc/hostname: realm");
        assertThat(named.condition()).isEmpty();
        assertThat(unnamed.description()).isEqualTo("write /etc/hostname: localhost");
        assertThat(unnamed.condition()).contains("when it is missing or holds the build host's name");
        assertThat(SNIPPET.plan().steps(Stage.FINISH_ROOTFS)).filteredOn(step -> step.action() == Action.REMOVE_FILES)
                .flatExtracting(step -> step.rootfsPaths().stream().map(RootfsPath::toString).toList()).contains("/usr/sbin/policy-rc.d",
                        "/var/cache/apt/pkgcache.bin", "/var/cache/apt/srcpkgcache.bin", "/etc/resolv.conf");
        assertThat(SNIPPET.plan().steps(Stage.FINISH_ROOTFS).get(0).action()).isEqualTo(Action.UNMOUNT);
    }

    @Test
    void finishingNormalizesTheTreeLastAndSaysWhatItRemovesAndRewrites() {
        List<PlannedStep> steps = SNIPPET.plan().steps(Stage.FINISH_ROOTFS);

        assertThat(steps).filteredOn(step -> step.action() == Action.REMOVE_FILES)
                .flatExtracting(step -> step.rootfsPaths().stream().map(RootfsPath::toString).toList())
                .contains("/var/log/dpkg.log", "/var/log/bootstrap.log", "/var/log/alternatives.log", "/var/log/apt",
                        "/var/cache/ldconfig/aux-cache", "/var/lib/dbus/machine-id", "/var/lib/systemd/random-seed",
                        "/var/lib/dpkg", "/var/cache/debconf", "/var/cache/man", "/etc/ssh");
        assertThat(steps).filteredOn(step -> step.action() == Action.WRITE_FILES)
                .flatExtracting(step -> step.rootfsPaths().stream().map(RootfsPath::toString).toList())
                .contains("/etc/machine-id", "/etc/shadow", "/etc/shadow-");
        assertThat(steps.get(steps.size() - 1).description()).startsWith("set every modification time later than the"
                + " SOURCE_DATE_EPOCH to it");
        assertThat(steps.get(steps.size() - 1).rootfsPaths()).containsExactly(RootfsPath.ROOT);
    }

    @Test
    void theExt4ImagesBaseIsMadeAfterThePackagesOrFromTheCachedLayerWhenTheBuildHasAnImageOutput() {
        PlannedStep afterPackages = SNIPPET.plan().steps(Stage.INSTALL_PACKAGES).get(6);
        PlannedStep inOutputs = SNIPPET.plan().steps(Stage.WRITE_OUTPUTS).get(0);

        assertThat(afterPackages.description()).contains("base of the ext4 images", "mkfs.ext4 -d", "normalize",
                "build-only files");
        assertThat(afterPackages.condition()).hasValueSatisfying(when -> assertThat(when)
                .contains("ext4 or RealmFS image output", "ext4-bases holds no base"));
        assertThat(inOutputs.description()).contains("cached package layer's tar");
        assertThat(inOutputs.condition()).hasValueSatisfying(when -> assertThat(when)
                .contains("package layer was restored", "ext4-bases holds no base"));
    }

    @Test
    void writingTheOutputsWritesAnSbomBesideEach() {
        assertThat(SNIPPET.plan().steps(Stage.WRITE_OUTPUTS)).filteredOn(step -> step.condition().isEmpty())
                .singleElement().satisfies(step -> {
            assertThat(step.action()).isEqualTo(Action.WRITE_FILES);
            assertThat(step.rootfsPaths()).isEmpty();
            assertThat(step.condition()).isEmpty();
            assertThat(step.description()).contains("SBOM OUTPUT.cdx.json", "CycloneDX 1.6", "/var/lib/dpkg/status");
        });
    }

    @Test
    void thePlanPrintsEachCommandAndWhenItRuns() {
        String text = RealmfsBuild.builder().packages("less").preModule("m", "true").build().plan().toString();

        assertThat(text).contains("release:  trixie", "(the host's apt mirror)", "packages: less",
                "PRE_INSTALL_MODULES: shell module m",
                "BOOTSTRAP: bootstrap Debian trixie: debootstrap --variant=minbase --include=systemd-sysv,locales"
                        + " trixie <rootfs> '<host apt mirror>'",
                "INSTALL_PACKAGES: upgrade what debootstrap installed: apt-get -y upgrade (only when apt's",
                "INSTALL_PACKAGES: install the packages: apt-get -y install -- less\n");
    }

    private static PlannedStep hostnameStep(BuildPlan plan) {
        return plan.steps(Stage.FINISH_ROOTFS).stream().filter(step -> step.rootfsPaths().equals(List.of(RootfsPath.of("/etc/hostname"))))
                .findFirst().orElseThrow();
    }

}
