package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.Test;

class ProgressRendererTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private ProgressRenderer renderer(boolean verbose, boolean terminal) {
        return new ProgressRenderer(new PrintWriter(out), new PrintWriter(err), verbose, terminal);
    }

    private static void send(ProgressRenderer renderer, BuildEvent... events) {
        for (BuildEvent event : events) {
            renderer.onEvent(event);
        }
    }

    @Test
    void eachStageAndModuleGetsOneNumberedStatusLine() {
        send(renderer(false, false),
                new BuildEvent.StageStarted(Stage.BOOTSTRAP),
                new BuildEvent.StageFinished(Stage.BOOTSTRAP, Duration.ofSeconds(80)),
                new BuildEvent.StageSkipped(Stage.PREPARE_CHROOT, "cached"),
                new BuildEvent.StageStarted(Stage.PRE_INSTALL_MODULES),
                new BuildEvent.ModuleStarted(Stage.PRE_INSTALL_MODULES, "utility-library"),
                new BuildEvent.ModuleFinished(Stage.PRE_INSTALL_MODULES, "utility-library", Duration.ofMillis(300)),
                new BuildEvent.Message(Stage.PRE_INSTALL_MODULES, "configuring locale en_US.UTF-8"),
                new BuildEvent.OutputWritten("tar", Path.of("/w/realmfs.tar")));

        assertThat(out.toString()).isEqualTo(""
                + "[1/7] bootstrap the base system\n"
                + "[2/7] prepare the chroot: skipped, cached\n"
                + "[3/7] run pre-install modules\n"
                + "      module utility-library\n"
                + "      configuring locale en_US.UTF-8\n"
                + "      wrote tar: /w/realmfs.tar\n");
    }

    @Test
    void verboseAddsCommandOutputAndTimes() {
        send(renderer(true, false),
                new BuildEvent.StageStarted(Stage.BOOTSTRAP),
                new BuildEvent.CommandOutput(Stage.BOOTSTRAP, "I: Retrieving InRelease"),
                new BuildEvent.StageFinished(Stage.BOOTSTRAP, Duration.ofSeconds(80)),
                new BuildEvent.ModuleStarted(Stage.POST_INSTALL_MODULES, "clean"),
                new BuildEvent.ModuleFinished(Stage.POST_INSTALL_MODULES, "clean", Duration.ofMillis(300)));

        assertThat(out.toString()).isEqualTo(""
                + "[1/7] bootstrap the base system\n"
                + "      | I: Retrieving InRelease\n"
                + "      bootstrap the base system: done in 1 min 20 s\n"
                + "      module clean\n"
                + "      module clean: done in 0.3 s\n");
    }

    @Test
    void commandOutputIsHiddenWithoutVerbose() {
        send(renderer(false, false), new BuildEvent.CommandOutput(Stage.BOOTSTRAP, "I: Retrieving InRelease"));

        assertThat(out.toString()).isEmpty();
    }

    @Test
    void warningsGoToStandardError() {
        send(renderer(false, false), new BuildEvent.Warning(Stage.FINISH_ROOTFS, "/etc/hostname left empty"));

        assertThat(err.toString()).isEqualTo("warning: /etc/hostname left empty\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void withoutATerminalPackageCountsArePrintedEveryTenPercent() {
        ProgressRenderer renderer = renderer(false, false);
        for (int done = 0; done <= 40; done++) {
            renderer.onEvent(new BuildEvent.Progress(Stage.INSTALL_PACKAGES, "download packages", done, 40));
        }

        assertThat(out.toString().lines()).containsExactly(
                "      download packages: 0/40 (0%)",
                "      download packages: 4/40 (10%)",
                "      download packages: 8/40 (20%)",
                "      download packages: 12/40 (30%)",
                "      download packages: 16/40 (40%)",
                "      download packages: 20/40 (50%)",
                "      download packages: 24/40 (60%)",
                "      download packages: 28/40 (70%)",
                "      download packages: 32/40 (80%)",
                "      download packages: 36/40 (90%)",
                "      download packages: 40/40 (100%)");
    }

    @Test
    void aNewKindOfProgressStartsItsOwnCount() {
        send(renderer(false, false),
                new BuildEvent.Progress(Stage.INSTALL_PACKAGES, "download packages", 2, 2),
                new BuildEvent.Progress(Stage.INSTALL_PACKAGES, "install packages", 1, 2),
                new BuildEvent.Progress(Stage.INSTALL_PACKAGES, "install packages", 2, 2));

        assertThat(out.toString().lines()).containsExactly(
                "      download packages: 2/2 (100%)",
                "      install packages: 1/2 (50%)",
                "      install packages: 2/2 (100%)");
    }

    @Test
    void progressWithoutAKnownTotalShowsTheCountOnly() {
        send(renderer(false, false), new BuildEvent.Progress(Stage.BOOTSTRAP, "retrieve packages", 17, 0));

        assertThat(out.toString()).isEqualTo("      retrieve packages: 17\n");
    }

    @Test
    void onATerminalTheCountIsRedrawnInPlaceAndEndsWithANewline() {
        send(renderer(false, true),
                new BuildEvent.Progress(Stage.INSTALL_PACKAGES, "install packages", 9, 10),
                new BuildEvent.Progress(Stage.INSTALL_PACKAGES, "install packages", 10, 10),
                new BuildEvent.StageStarted(Stage.POST_INSTALL_MODULES));

        assertThat(out.toString()).isEqualTo(""
                + "\r      install packages: 9/10 (90%)"
                + "\r      install packages: 10/10 (100%)\n"
                + "[5/7] run post-install modules\n");
    }

    @Test
    void onATerminalAnInterruptedCountIsEndedBeforeTheNextLine() {
        send(renderer(false, true),
                new BuildEvent.Progress(Stage.INSTALL_PACKAGES, "install packages", 5, 10),
                new BuildEvent.Message(Stage.INSTALL_PACKAGES, "retrying"));

        assertThat(out.toString()).isEqualTo("\r      install packages: 5/10 (50%)\n      retrying\n");
    }

    private final long[] clock = {0};

    private ProgressRenderer clockedRenderer(boolean terminal) {
        return new ProgressRenderer(new PrintWriter(out), new PrintWriter(err), false, terminal, "", () -> clock[0]);
    }

    /** Each event {@code {seconds, mib}} sent at its time: MiB compressed of 1000 after that many seconds. */
    private void compressed(ProgressRenderer renderer, long[]... events) {
        for (long[] event : events) {
            clock[0] = event[0] * 1_000_000_000L;
            renderer.onEvent(BuildEvent.Progress.bytes(Stage.WRITE_OUTPUTS, "compress image.img", event[1] << 20,
                    1000L << 20));
        }
    }

    @Test
    void onATerminalBytesAreShownInMibWithTheRateAndTheTimeLeft() {
        compressed(clockedRenderer(true), new long[] {0, 0}, new long[] {4, 100}, new long[] {20, 1000});

        assertThat(out.toString()).isEqualTo(""
                + "\r      compress image.img: 0.0/1000.0 MiB (0%)"
                + "\r      compress image.img: 100.0/1000.0 MiB (10%), 25.0 MiB/s, 36.0 s left"
                + "\r      compress image.img: 1000.0/1000.0 MiB (100%), 50.0 MiB/s"
                + " ".repeat(11) + "\n"); // spaces erase the rest of the longer line before
    }

    @Test
    void withoutATerminalSlowProgressIsPrintedEveryTenSecondsBetweenItsTenPercentSteps() {
        compressed(clockedRenderer(false), new long[] {0, 0}, new long[] {5, 10}, new long[] {11, 20},
                new long[] {15, 30}, new long[] {16, 100}, new long[] {17, 110}, new long[] {40, 1000});

        assertThat(out.toString().lines()).containsExactly(
                "      compress image.img: 0.0/1000.0 MiB (0%)",
                "      compress image.img: 20.0/1000.0 MiB (2%), 1.8 MiB/s, 8 min 59 s left",
                "      compress image.img: 100.0/1000.0 MiB (10%), 6.3 MiB/s, 2 min 24 s left",
                "      compress image.img: 1000.0/1000.0 MiB (100%), 25.0 MiB/s");
    }

    @Test
    void aCancelledBuildSaysOnStandardErrorDuringWhichStageItWasInterrupted() {
        send(renderer(false, false),
                new BuildEvent.StageStarted(Stage.INSTALL_PACKAGES),
                new BuildEvent.Cancelled(Stage.INSTALL_PACKAGES, "SIGTERM"));

        assertThat(out.toString()).isEqualTo("[4/7] install packages\n");
        assertThat(err.toString()).isEqualTo("interrupted during install packages: cleaning up\n");
    }

    @Test
    void aBuildCancelledBeforeItsFirstStageSaysSo() {
        send(renderer(false, false), new BuildEvent.Cancelled(java.util.Optional.empty(), "SIGINT"));

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("interrupted before its first stage: cleaning up\n");
    }
}
