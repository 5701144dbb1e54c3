package org.citadel.realmfs.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void eventsAreLoggedAsTheirTextAfterTheTimeAndCommandOutputAsPrinted() throws Exception {
        Path file = dir.resolve(BuildLog.FILE_NAME);
        try (BuildLog log = new BuildLog(file)) {
            log.onEvent(new BuildEvent.StageStarted(Stage.INSTALL_PACKAGES));
            log.onEvent(new BuildEvent.CommandOutput(Stage.INSTALL_PACKAGES, "Setting up less (668-1) ..."));
            log.onEvent(new BuildEvent.Warning(Stage.INSTALL_PACKAGES, "could not add the packages to the cache"));
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("\\[\\d\\d:\\d\\d:\\d\\d\\] ==> install packages");
        assertThat(lines.get(1)).isEqualTo("Setting up less (668-1) ...");
        assertThat(lines.get(2)).matches("\\[\\d\\d:\\d\\d:\\d\\d\\] warning: could not add the packages to the cache");
    }

    @Test
    void progressIsNotLoggedSoTheLogKeepsOnlyWhatHappened() {
        Path file = dir.resolve(BuildLog.FILE_NAME);
        try (BuildLog log = new BuildLog(file)) {
            log.onEvent(new BuildEvent.Progress(Stage.INSTALL_PACKAGES, "download", 1, 2));
            log.onEvent(new BuildEvent.CommandOutput(Stage.INSTALL_PACKAGES, "done"));
        }

        assertThat(file).hasContent("done");
    }
}
