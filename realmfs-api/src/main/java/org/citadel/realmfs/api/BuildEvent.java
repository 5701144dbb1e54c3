package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened during a build; see {@link BuildListener} for on which threads and in
 * which order they arrive. No event has a null field: an event that can happen before the build's
 * first stage has an {@code Optional<Stage>}.
 */
public sealed interface BuildEvent {

    record StageStarted(Stage stage) implements BuildEvent {
        public StageStarted {
            Objects.requireNonNull(stage, "stage");
        }
    }

    record StageFinished(Stage stage, Duration took) implements BuildEvent {
        public StageFinished {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(took, "took");
        }
    }

    /** A stage was skipped, for example because a cached layer already holds its result. */
    record StageSkipped(Stage stage, String reason) implements BuildEvent {
        public StageSkipped {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** @param stage {@link Stage#PRE_INSTALL_MODULES} or {@link Stage#POST_INSTALL_MODULES} */
    record ModuleStarted(Stage stage, String module) implements BuildEvent {
        public ModuleStarted {
            requireModuleStage(stage);
            Objects.requireNonNull(module, "module");
        }
    }

    /** @param stage {@link Stage#PRE_INSTALL_MODULES} or {@link Stage#POST_INSTALL_MODULES} */
    record ModuleFinished(Stage stage, String module, Duration took) implements BuildEvent {
        public ModuleFinished {
            requireModuleStage(stage);
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(took, "took");
        }
    }

    /** One line printed by a command of the build (debootstrap, apt-get, a module). */
    record CommandOutput(Stage stage, String line) implements BuildEvent {
        public CommandOutput {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * Progress of a long step: {@code done} of {@code total} units (packages, bytes); a total of 0 is
     * unknown. The events of one step ({@code what}) come from one thread at a time and never go back:
     * {@code done} only grows, and the last one has {@code done == total} when the step completes.
     */
    record Progress(Stage stage, String what, long done, long total, Unit unit) implements BuildEvent {
        public Progress {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(unit, "unit");
        }

        /** Progress counted in things (packages, files). */
        public Progress(Stage stage, String what, long done, long total) {
            this(stage, what, done, total, Unit.COUNT);
        }

        /** Progress counted in bytes. */
        public static Progress bytes(Stage stage, String what, long done, long total) {
            return new Progress(stage, what, done, total, Unit.BYTES);
        }

        /** What {@code done} and {@code total} count. */
        public enum Unit {
            COUNT,
            BYTES
        }
    }

    /** A message from the engine or a module ({@code info} in shell modules). */
    record Message(Stage stage, String text) implements BuildEvent {
        public Message {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Something the build got past but the user should know (a damaged cached layer deleted, a
     * module's {@code warn}). Never a failure: a build that fails ends with {@link BuildFailed}.
     *
     * @param stage the stage it happened in, or empty before the build's first stage
     */
    record Warning(Optional<Stage> stage, String text) implements BuildEvent {
        public Warning {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(text, "text");
        }

        public Warning(Stage stage, String text) {
            this(Optional.of(stage), text);
        }
    }

    record OutputWritten(String kind, Path path) implements BuildEvent {
        public OutputWritten {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
        }
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
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The build was cancelled ({@link BuildCancellation#cancel}) and is cleaning up; sent once, on the
     * cancelling thread. A cancelled build ends with the {@link BuildCancelledException}, not with
     * {@link BuildFailed}.
     *
     * @param stage the stage it was cancelled in, or empty before the build's first stage
     */
    record Cancelled(Optional<Stage> stage, String reason) implements BuildEvent {
        public Cancelled {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(reason, "reason");
        }

        public Cancelled(Stage stage, String reason) {
            this(Optional.of(stage), reason);
        }
    }

    private static void requireModuleStage(Stage stage) {
        if (stage != Stage.PRE_INSTALL_MODULES && stage != Stage.POST_INSTALL_MODULES) {
            throw new IllegalArgumentException("Modules run in " + Stage.PRE_INSTALL_MODULES + " or "
                    + Stage.POST_INSTALL_MODULES + ", not in " + stage);
        }
    }
}
