package org.citadel.realmfs.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventDispatcherTest {
    @TempDir
    Path dir;

    private final List<BuildEvent> received = new ArrayList<>();

    @Test
    void aFailedBuildIsOneBuildFailedEventInTheStageTheExceptionNamesAndInTheLog() throws Exception {
        try (BuildLog log = new BuildLog(dir.resolve("build.log"))) {
            EventDispatcher events = new EventDispatcher(log, List.of(received::add));
            events.onEvent(new BuildEvent.StageStarted(Stage.INSTALL_PACKAGES));

            events.buildFailed(new BuildFailedException(Stage.BOOTSTRAP, "debootstrap failed", List.of()));
        }

        assertThat(received).last().isEqualTo(new BuildEvent.BuildFailed(Optional.of(Stage.BOOTSTRAP), "debootstrap failed"));
        assertThat(received).noneMatch(BuildEvent.Warning.class::isInstance);
        assertThat(java.nio.file.Files.readString(dir.resolve("build.log")))
                .containsOnlyOnce("debootstrap failed")
                .contains("build failed during: bootstrap the base system: debootstrap failed");
    }

    @Test
    void withoutAStageInTheExceptionItIsTheStageStartedLastOrNone() throws Exception {
        try (BuildLog log = new BuildLog(dir.resolve("build.log"))) {
            EventDispatcher events = new EventDispatcher(log, List.of(received::add));
            events.buildFailed(new HostRequirementException("mirror unreachable"));
            events.onEvent(new BuildEvent.StageStarted(Stage.WRITE_OUTPUTS));
            events.buildFailed(new IllegalStateException("boom"));
        }

        assertThat(received).contains(new BuildEvent.BuildFailed(Optional.empty(), "mirror unreachable"),
                new BuildEvent.BuildFailed(Optional.of(Stage.WRITE_OUTPUTS), "boom"));
    }
}
