package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.Ext4Output;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsImageOutput;
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
                Output.ext4(WORK.resolve("realmfs.img"), Ext4Output.ORIGINAL_SIZE_BYTES),
                RealmfsImageOutput.builder(WORK).channel("dev").version(1).build());
    }
}
