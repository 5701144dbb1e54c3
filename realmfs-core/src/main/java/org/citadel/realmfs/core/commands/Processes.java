package org.citadel.realmfs.core.commands;

import java.util.function.Consumer;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.ScriptResult;
import org.citadel.realmfs.core.process.ShellSession;
import org.citadel.realmfs.core.process.SpawnedProcess;
import org.citadel.realmfs.core.process.Spawner;

/**
 * Where {@link BuildCommands} starts its processes: a {@link Spawner} (the build sandbox's, or the
 * host's), or a fake in unit tests. Nothing but {@link BuildCommands} uses it, so every line a
 * build's command prints is reported.
 */
public interface Processes {

    /** Runs {@code command} to its end, its lines to {@code lines}; returns its exit code. */
    int run(Command command, Consumer<String> lines);

    /**
     * Starts {@code command} and returns at once, its lines to {@code lines}. By default it runs the
     * command to its end first (enough for fakes); a spawner's processes run meanwhile.
     */
    default Running start(Command command, Consumer<String> lines) {
        int exit = run(command, lines);
        return new Running() {
            @Override
            public int waitFor() {
                return exit;
            }

            @Override
            public void close() {
            }
        };
    }

    /** A started command; closing it kills it if it still runs. */
    interface Running extends AutoCloseable {
        /** Waits for its end and for its lines to be delivered; returns its exit code. */
        int waitFor();

        @Override
        void close();
    }

    /** Starts {@code shell} (bash with its options) as a session whose scripts' lines go to {@code lines}. */
    BuildShell startShell(Command shell, Consumer<String> lines);

    /** The processes {@code spawner} starts. */
    static Processes spawnedBy(Spawner spawner) {
        return new Processes() {
            @Override
            public int run(Command command, Consumer<String> lines) {
                return spawner.run(command, lines);
            }

            @Override
            public Running start(Command command, Consumer<String> lines) {
                SpawnedProcess process = spawner.spawn(command, lines);
                return new Running() {
                    @Override
                    public int waitFor() {
                        return process.waitFor();
                    }

                    @Override
                    public void close() {
                        process.close();
                    }
                };
            }

            @Override
            public BuildShell startShell(Command shell, Consumer<String> lines) {
                ShellSession session = ShellSession.start(spawner, shell, lines);
                return new BuildShell() {
                    @Override
                    public ScriptResult runScript(String label, String bashCode) {
                        return session.runScript(label, bashCode);
                    }

                    @Override
                    public void close() {
                        session.close();
                    }
                };
            }
        };
    }
}
