package org.citadel.realmfs.api;

import java.time.Duration;
import java.util.Optional;

/** Something that happened during a build. Listeners receive these in order, on the build's thread. */
public sealed interface BuildEvent {

    record StageStarted(Stage stage) implements BuildEvent {
    }

    record StageFinished(Stage stage, Duration took) implements BuildEvent {
    }

    /** A stage was skipped, for example because a cached layer already holds its result. */
    record StageSkipped(Stage stage, String reason) implements BuildEvent {
    }

    record ModuleStarted(Phase phase, String module) implements BuildEvent {
    }

    record ModuleFinished(Phase phase, String module, Duration took) implements BuildEvent {
    }

    /** One line printed by a command of the build (debootstrap, apt-get, a module). */
    record CommandOutput(Stage stage, String line) implements BuildEvent {
    }

    /** Progress of a long step: {@code done} of {@code total} units (packages, blocks). */
    record Progress(Stage stage, String what, long done, long total) implements BuildEvent {
    }

    /** A message from the engine or a module ({@code info} in shell modules). */
    record Message(Stage stage, String text) implements BuildEvent {
    }

    record Warning(Stage stage, String text) implements BuildEvent {
    }

    record OutputWritten(String kind, java.nio.file.Path path) implements BuildEvent {
    }

    /**
     * The build failed: the last event of a build that ends with the exception {@link RealmfsBuild#run}
     * throws, whose message {@code message} is. It is there for the build log and for listeners that do
     * not see the exception; a caller that shows the exception (as the realmfs-builder command does)
     * need not show this event too.
     *
     * @param stage the stage the build failed in, or empty when it failed before its first stage
     *              (checking the host or the mirror)
     */
    record BuildFailed(Optional<Stage> stage, String message) implements BuildEvent {
        public BuildFailed {
            java.util.Objects.requireNonNull(stage, "stage");
            java.util.Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The build was cancelled ({@link BuildCancellation#cancel}) during {@code stage} (null before the
     * first) and is cleaning up; sent once, on the cancelling thread.
     */
    record Cancelled(Stage stage, String reason) implements BuildEvent {
    }
}
