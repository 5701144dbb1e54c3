package org.citadel.realmfs.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.Test;

class EventTextTest {

    @Test
    void stagesAreFramedByArrowsAndTheirTimeInTenthsOfASecond() {
        assertThat(EventText.describe(new BuildEvent.StageStarted(Stage.INSTALL_PACKAGES))).isEqualTo("==> install packages");
        assertThat(EventText.describe(new BuildEvent.StageFinished(Stage.INSTALL_PACKAGES, Duration.ofMillis(12_345))))
                .isEqualTo("<== install packages (12.3s)");
        assertThat(EventText.describe(new BuildEvent.StageSkipped(Stage.BOOTSTRAP, "cached layer abc")))
                .isEqualTo("--- skipped: bootstrap the base system: cached layer abc");
    }

    @Test
    void modulesAreIndentedUnderTheirStage() {
        assertThat(EventText.describe(new BuildEvent.ModuleStarted(Stage.PRE_INSTALL_MODULES, "set-motd")))
                .isEqualTo("  -> module set-motd");
        assertThat(EventText.describe(new BuildEvent.ModuleFinished(Stage.POST_INSTALL_MODULES, "clean", Duration.ofMillis(50))))
                .isEqualTo("  <- module clean (0.1s)");
    }

    @Test
    void outputAndMessagesAreTheirTextAndWarningsSaySo() {
        assertThat(EventText.describe(new BuildEvent.CommandOutput(Stage.INSTALL_PACKAGES, "Unpacking less ...")))
                .isEqualTo("Unpacking less ...");
        assertThat(EventText.describe(new BuildEvent.Message(Stage.BOOTSTRAP, "Debian trixie"))).isEqualTo("Debian trixie");
        assertThat(EventText.describe(new BuildEvent.Warning(Stage.FINISH_ROOTFS, "/etc/hostname left empty")))
                .isEqualTo("warning: /etc/hostname left empty");
        assertThat(EventText.describe(new BuildEvent.Warning(Optional.empty(), "a mount stayed busy")))
                .isEqualTo("warning: a mount stayed busy");
        assertThat(EventText.describe(new BuildEvent.Progress(Stage.INSTALL_PACKAGES, "download", 3, 10)))
                .isEqualTo("download: 3/10");
        assertThat(EventText.describe(new BuildEvent.OutputWritten("tar", Path.of("/work/rootfs.tar"))))
                .isEqualTo("wrote tar /work/rootfs.tar");
    }

    @Test
    void aCancellationAndAFailureNameTheStageOrSayThereWasNone() {
        assertThat(EventText.describe(new BuildEvent.Cancelled(Stage.INSTALL_PACKAGES, "SIGINT")))
                .isEqualTo("interrupted during install packages: cleaning up (SIGINT)");
        assertThat(EventText.describe(new BuildEvent.Cancelled(Optional.empty(), "SIGTERM")))
                .isEqualTo("interrupted before its first stage: cleaning up (SIGTERM)");
        assertThat(EventText.describe(new BuildEvent.BuildFailed(Optional.of(Stage.WRITE_OUTPUTS), "disk full")))
                .isEqualTo("build failed during: write outputs: disk full");
        assertThat(EventText.describe(new BuildEvent.BuildFailed(Optional.empty(), "mirror unreachable")))
                .isEqualTo("build failed: mirror unreachable");
    }
}
