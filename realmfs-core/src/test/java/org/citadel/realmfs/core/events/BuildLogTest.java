package org.citadel.realmfs.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildLogTest {
    @TempDir
    Path dir;

    @Test
    void eachLineOfCommandOutputIsInTheFileAsSoonAsItArrives() {
        Path file = dir.resolve(BuildLog.FILE_NAME);
        try (BuildLog log = new BuildLog(file)) {
            log.onEvent(new BuildEvent.CommandOutput(Stage.INSTALL_PACKAGES, "Unpacking less (668-1) ..."));

            assertThat(file).hasContent("Unpacking less (668-1) ...");
        }
    }

    @Test
    void aCancellationIsLoggedWithItsStageAndReason() {
        Path file = dir.resolve(BuildLog.FILE_NAME);
        try (BuildLog log = new BuildLog(file)) {
            log.onEvent(new BuildEvent.Cancelled(Stage.BOOTSTRAP, "SIGTERM"));

            assertThat(file).content().endsWith("] interrupted during bootstrap the base system: cleaning up (SIGTERM)\n");
        }
    }
}
