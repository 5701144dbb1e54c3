package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.citadel.realmfs.api.BuildCancellation;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.ModuleFailedException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

/** {@code realmfs-builder a/build.conf b/build.conf ...}: several config files as one batch, on fake builds. */
class BatchCommandTest {
    private static final RealmfsBuild BASE = RealmfsBuild.builder().packages("less").build();
    private static final RealmfsBuild DEV = RealmfsBuild.builder().packages("vim-tiny").build();
    private static final RealmfsBuild MEDIA = RealmfsBuild.builder().packages("mpv").build();

    @TempDir
    Path cwd;
    CommandHarness command;

    @BeforeEach
    void threeConfigs() throws IOException {
        command = new CommandHarness(cwd)
                .config(file("base/build.conf"), BASE)
                .config(file("dev/build.conf"), DEV)
                .config(file("images/media.conf"), MEDIA);
    }

    private Path file(String name) throws IOException {
        Path file = cwd.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "PACKAGES=\"\"\n");
    }

    private CommandHarness.BuildCall buildOf(RealmfsBuild recipe) {
        return command.builds.stream().filter(call -> call.recipe() == recipe).findFirst().orElseThrow();
    }

    @Test
    void eachConfigIsBuiltIntoTheRealmfsDirectoryBesideIt() {
        var result = command.run("--no-confirm", "base/build.conf", "dev/build.conf", "images/media.conf");

        assertThat(result.exitCode()).isZero();
        assertThat(command.builds).hasSize(3);
        assertThat(buildOf(BASE).workDirectory()).isEqualTo(cwd.resolve("base/realmfs"));
        assertThat(buildOf(DEV).workDirectory()).isEqualTo(cwd.resolve("dev/realmfs"));
        assertThat(buildOf(MEDIA).workDirectory()).isEqualTo(cwd.resolve("images/realmfs"));
    }

    @Test
    void withDirectoryEachBuildGetsASubdirectoryNamedAfterItsConfig() {
        var result = command.run("--no-confirm", "-d", "out", "base/build.conf", "images/media.conf");

        assertThat(result.exitCode()).isZero();
        assertThat(buildOf(BASE).workDirectory()).isEqualTo(cwd.resolve("out/base"));
        assertThat(buildOf(MEDIA).workDirectory()).isEqualTo(cwd.resolve("out/media"));
        assertThat(buildOf(BASE).options().packageCacheDirectory()).contains(cwd.resolve("out/package-cache"));
        assertThat(buildOf(MEDIA).options().layerCacheDirectory()).contains(cwd.resolve("out/layer-cache"));
    }

    @Test
    void allBuildsShareOnePackageCacheAndOneLayerCache() {
        command.run("--no-confirm", "base/build.conf", "dev/build.conf");

        assertThat(command.builds).allSatisfy(call -> {
            assertThat(call.options().packageCacheDirectory()).contains(cwd.resolve("realmfs/package-cache"));
            assertThat(call.options().layerCacheDirectory()).contains(cwd.resolve("realmfs/layer-cache"));
        });
    }

    @Test
    void theLayerCacheOptionIsTheBatchsLayerCache() {
        command.run("--no-confirm", "--layer-cache", "/var/cache/layers", "base/build.conf", "dev/build.conf");

        assertThat(command.builds).allSatisfy(call ->
                assertThat(call.options().layerCacheDirectory()).contains(Path.of("/var/cache/layers")));
    }

    @Test
    void everyProgressLineStartsWithTheBuildsName() {
        command.buildEmits(new BuildEvent.StageStarted(Stage.BOOTSTRAP),
                new BuildEvent.Warning(Stage.BOOTSTRAP, "slow mirror"));

        var result = command.run("--no-confirm", "base/build.conf", "dev/build.conf");

        assertThat(result.out()).contains("base: [1/7] bootstrap the base system\n")
                .contains("dev: [1/7] bootstrap the base system\n");
        assertThat(result.err()).contains("base: warning: slow mirror\n").contains("dev: warning: slow mirror\n");
    }

    @Test
    void theSummaryHasOneRowPerBuildInCommandLineOrderAndAFailureExitsWithOne() {
        command.buildFailsIn(cwd.resolve("dev/realmfs"), new ModuleFailedException(Stage.POST_INSTALL_MODULES,
                "set-motd", 2, List.of("motd: read-only")));

        var result = command.run("--no-confirm", "-j", "1", "base/build.conf", "dev/build.conf", "images/media.conf");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BUILD_FAILED);
        String table = result.out().substring(result.out().indexOf("Batch finished in"));
        assertThat(table.lines().skip(1).toList()).satisfiesExactly(
                header -> assertThat(header).matches(" +NAME +RESULT +TIME +OUTPUT"),
                base -> assertThat(base).matches(" +base +built +\\d+\\.\\d s +" + cwd.resolve("base/realmfs")),
                dev -> assertThat(dev).matches(" +dev +FAILED +\\d+\\.\\d s +module 'set-motd' failed"
                        + " \\(run post-install modules\\)"),
                media -> assertThat(media).matches(" +media +built +\\d+\\.\\d s +.*"));
        assertThat(table).startsWith("Batch finished in").contains(": 2 built, 1 failed, 0 cancelled");
        assertThat(result.err()).contains("dev: Module 'set-motd' failed with exit code 2\nLast lines of output:\n"
                + "  motd: read-only\n");
    }

    @Test
    void aSignalCancelsTheWholeBatchAndExitsWithTheShellsCode() {
        command.buildDoes(call -> {
            BuildCancellation cancellation = call.options().cancellation().orElseThrow();
            CountDownLatch cancelled = new CountDownLatch(1);
            cancellation.onCancel(cancelled::countDown);
            Signal.raise(new Signal("HUP"));
            try {
                assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            throw new BuildCancelledException(Stage.INSTALL_PACKAGES, cancellation.reason().orElseThrow(), null);
        });

        var result = command.run("--no-confirm", "-j", "1", "base/build.conf", "dev/build.conf", "images/media.conf");

        assertThat(result.exitCode()).isEqualTo(128 + 1);
        assertThat(command.builds).hasSize(1);
        assertThat(result.out()).contains(": 0 built, 0 failed, 3 cancelled")
                .containsPattern("base +cancelled .*cancelled \\(SIGHUP\\) during install packages")
                .containsPattern("media +cancelled .*cancelled \\(SIGHUP\\) before its first stage");
    }

    @Test
    void parallelismIsMinusJ() {
        var result = command.run("--no-confirm", "-j", "3", "base/build.conf", "dev/build.conf");

        assertThat(result.out()).contains("Building 2 images, at most 3 at a time");
    }

    @Test
    void theReportOptionWritesTheBatchAsJson() throws IOException {
        var result = command.run("--no-confirm", "--report", "report.json", "base/build.conf", "dev/build.conf");

        assertThat(result.exitCode()).isZero();
        String json = Files.readString(cwd.resolve("report.json"));
        assertThat(json).startsWith("{\"took_ms\":").contains("\"built\":2,\"failed\":0,\"cancelled\":0")
                .contains("\"name\":\"base\",\"work_directory\":\"" + cwd.resolve("base/realmfs") + "\"")
                .contains("\"name\":\"dev\"").endsWith("}\n");
    }

    @Test
    void twoConfigsWithOneNameAreRefusedBeforeAnythingIsBuilt() throws IOException {
        command.config(file("other/base.conf"), DEV);

        var result = command.run("--no-confirm", "-d", "out", "base/build.conf", "other/base.conf");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("entries 1 and 2 are both named 'base'");
        assertThat(command.builds).isEmpty();
    }

    @Test
    void theConfirmationShowsEveryBuildAndAsksOnce() {
        command.stdin("n\n");

        var result = command.run("base/build.conf", "dev/build.conf");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BUILD_FAILED);
        assertThat(result.out()).contains("will build 2 images:").contains(cwd.resolve("base/realmfs").toString())
                .contains(cwd.resolve("dev/realmfs").toString()).contains("Build these 2 images? [y/N] ");
        assertThat(command.builds).isEmpty();
    }

    @Test
    void minusJAndReportNeedSeveralConfigs() {
        var result = command.run("--no-confirm", "-j", "2", "base/build.conf");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("-j and --report are for several config files");
    }

    @Test
    void minusJBelowOneIsAUsageError() {
        var result = command.run("--no-confirm", "-j", "0", "base/build.conf", "dev/build.conf");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(command.builds).isEmpty();
    }

    @Test
    void theEntryNameIsTheConfigsNameOrForABuildConfItsDirectorysName() {
        assertThat(BatchEntryName.of(Path.of("/srv/media/build.conf"))).isEqualTo("media");
        assertThat(BatchEntryName.of(Path.of("/srv/images/dev.conf"))).isEqualTo("dev");
        assertThat(BatchEntryName.of(Path.of("/srv/images/notes"))).isEqualTo("notes");
    }
}
