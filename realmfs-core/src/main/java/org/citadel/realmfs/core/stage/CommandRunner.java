package org.citadel.realmfs.core.stage;

import java.util.List;
import java.util.function.Consumer;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.OutputTail;
import org.citadel.realmfs.core.process.Spawner;

/**
 * Runs the build's commands: every line they print goes to the events (and so the build log), and
 * the last lines are kept so that a failure can say what the command said.
 */
public final class CommandRunner {
    private final Spawner spawner;
    private final EventDispatcher events;

    public CommandRunner(Spawner spawner, EventDispatcher events) {
        this.spawner = spawner;
        this.events = events;
    }

    public Spawner spawner() {
        return spawner;
    }

    public EventDispatcher events() {
        return events;
    }

    /** Runs a command; each line goes to the events and to {@code lineHook}. */
    public Outcome run(Stage stage, Command command, Consumer<String> lineHook) {
        OutputTail tail = new OutputTail();
        int exit = spawner.run(command, line -> {
            tail.accept(line);
            events.output(stage, line);
            lineHook.accept(line);
        });
        return new Outcome(command, exit, tail.lines());
    }

    public Outcome run(Stage stage, Command command) {
        return run(stage, command, line -> { });
    }

    /** Runs a command and throws a {@link BuildFailedException} naming {@code what} unless it exits 0. */
    public Outcome require(Stage stage, String what, Command command) {
        return run(stage, command).requireSuccess(stage, what);
    }

    /** The exit code and last lines of a finished command. */
    public record Outcome(Command command, int exitCode, List<String> lastLines) {
        public Outcome requireSuccess(Stage stage, String what) {
            if (exitCode != 0) {
                throw new BuildFailedException(stage, what + " failed (" + command.argv().get(0)
                        + " exited with " + exitCode + ")", lastLines);
            }
            return this;
        }
    }
}
