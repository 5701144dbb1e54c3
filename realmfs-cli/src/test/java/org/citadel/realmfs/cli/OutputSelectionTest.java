package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.Output;
import org.junit.jupiter.api.Test;

class OutputSelectionTest {
    private static final Path WORK = Path.of("/work/realmfs");
    private static final RealmfsImageSettings DEV_1 = new RealmfsImageSettings("dev", 1, Optional.empty(), true);

    @Test
    void noFlagsAskForNoOutputs() {
        OutputSelection none = new OutputSelection(false, false, false, Optional.empty());

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.outputs(WORK)).isEmpty();
    }

    @Test
    void everyOutputIsWrittenIntoTheWorkDirectoryUnderTheOriginalBuildersName() {
        OutputSelection all = new OutputSelection(true, true, true, Optional.of(DEV_1));

        assertThat(all.outputs(WORK)).containsExactly(
                Output.tar(WORK.resolve("realmfs.tar")),
                Output.tarXz(WORK.resolve("realmfs.tar.xz")),
                new PendingOutput.Ext4(WORK.resolve("realmfs.img")),
                new PendingOutput.RealmfsImage(WORK.resolve("citadel-realmfs-dev-001.img"), DEV_1));
    }

    @Test
    void pendingOutputsAreRefusedNamingTheirOption() {
        assertThatThrownBy(() -> OutputSelection.requireAvailable(
                List.of(Output.tar(WORK.resolve("a.tar")), new PendingOutput.Ext4(WORK.resolve("realmfs.img")))))
                .isInstanceOf(UsageException.class)
                .hasMessage("The ext4 output (-i) is not available in this version of realmfs-builder yet; use -t or -z");
    }

    @Test
    void outputsTheEngineWritesAreAccepted() {
        OutputSelection.requireAvailable(List.of(Output.tar(WORK.resolve("a.tar")), Output.tarXz(WORK.resolve("a.tar.xz"))));
    }
}
