package org.citadel.realmfs.core.output.image;

import java.util.List;
import java.util.function.Consumer;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.OutputTail;
import org.citadel.realmfs.core.process.Spawner;

/** Runs a host tool through the spawner, passing its lines on and keeping the last ones for errors. */
final class ToolRunner {
    private static final int KEPT_LINES = 20;

    private final Spawner spawner;
    private final Consumer<String> output;

    ToolRunner(Spawner spawner, Consumer<String> output) {
        this.spawner = spawner;
        this.output = output;
    }

    record Outcome(int exitCode, List<String> lastLines) {
        boolean succeeded() {
            return exitCode == 0;
        }

        boolean printed(String text) {
            return lastLines.stream().anyMatch(line -> line.contains(text));
        }
    }

    Outcome run(Command command) {
        OutputTail tail = new OutputTail(KEPT_LINES);
        int exitCode = spawner.run(command, tail.andThen(output));
        return new Outcome(exitCode, tail.lines());
    }
}
