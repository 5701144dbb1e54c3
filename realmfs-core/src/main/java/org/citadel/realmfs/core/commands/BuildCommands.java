package org.citadel.realmfs.core.commands;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.OutputTail;
import org.citadel.realmfs.core.process.Spawner;

/**
 * The one way a build runs a command, in the chroot or on the host: every line it prints goes to
 * the events as {@code CommandOutput} (and so to the build log), a URI's password masked, and the
 * last lines are kept so that a failure can say what the command said. Every stage, the module
 * runner and every output run their commands here; the processes come from {@link Processes}.
 */
public final class BuildCommands {
    /** What every command in the chroot gets besides {@link Command#DEFAULT_ENVIRONMENT}: apt and debconf never ask. */
    public static final Map<String, String> APT_ENVIRONMENT = Map.of(
            "DEBIAN_FRONTEND", "noninteractive",
            "DEBCONF_NONINTERACTIVE_SEEN", "true");

    /** A password in a URI's user info ({@code http://user:secret@proxy}), as apt-config prints a proxy's. */
    private static final Pattern URI_PASSWORD = Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*):[^/\\s@]+@");

    private final Processes processes;
    private final EventDispatcher events;
    private final Path rootfs;

    /** @param rootfs the root {@link #chroot} commands run in */
    public BuildCommands(Processes processes, EventDispatcher events, Path rootfs) {
        this.processes = processes;
        this.events = events;
        this.rootfs = rootfs;
    }

    /** The commands {@code spawner} starts, reported to {@code events}. */
    public static BuildCommands spawnedBy(Spawner spawner, EventDispatcher events, Path rootfs) {
        return new BuildCommands(Processes.spawnedBy(spawner), events, rootfs);
    }

    public EventDispatcher events() {
        return events;
    }

    /** The rootfs the build's chrooted commands run in. */
    public Path rootfs() {
        return rootfs;
    }

    /** {@code argv} chrooted into the rootfs, with the apt environment. */
    public Command chroot(List<String> argv) {
        return Command.inRoot(rootfs, argv).withEnvironment(APT_ENVIRONMENT);
    }

    /** {@code argv} on the host (in the build's namespaces when spawned from the sandbox). */
    public Command host(List<String> argv) {
        return Command.host(argv);
    }

    public Command host(String... argv) {
        return Command.host(argv);
    }

    /** Runs {@code command}; each line is reported in {@code stage}. */
    public Outcome run(Stage stage, Command command) {
        return run(LineReport.in(stage), command);
    }

    /** Runs {@code command}; each line is reported in {@code stage}, then given to {@code lineHook}. */
    public Outcome run(Stage stage, Command command, Consumer<String> lineHook) {
        return run(LineReport.in(stage, lineHook), command);
    }

    /** Runs {@code command}; each line is reported as {@code report} says. */
    public Outcome run(LineReport report, Command command) {
        return run(report, command, printed -> { });
    }

    /** Runs {@code command} and throws a {@link BuildFailedException} naming {@code what} unless it exits 0. */
    public Outcome require(Stage stage, String what, Command command) {
        return run(stage, command).requireSuccess(stage, what);
    }

    /** Runs {@code command} for what it prints: each line is reported in {@code stage}, and all are returned. */
    public Captured capture(Stage stage, Command command) {
        return capture(LineReport.in(stage), command);
    }

    /** Runs {@code command} for what it prints: each line is reported as {@code report} says, and all are returned as printed. */
    public Captured capture(LineReport report, Command command) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Outcome outcome = run(report, command, lines::add);
        return new Captured(command, outcome.exitCode(), lines);
    }

    /**
     * Starts {@code shell} as a session (see {@link org.citadel.realmfs.core.process.ShellSession});
     * every line its scripts print is reported as {@code report} says.
     */
    public BuildShell startShell(LineReport report, Command shell) {
        return processes.startShell(shell, reporting(report, line -> { }, printed -> { }));
    }

    /**
     * Starts {@code command} and returns at once, each line reported in {@code stage} as by
     * {@link #run(Stage, Command)}; it must be started, like every command, on the build's thread.
     * Closing the handle kills the command if it still runs.
     */
    public Started start(Stage stage, Command command) {
        OutputTail tail = new OutputTail();
        Processes.Running running = processes.start(command, reporting(LineReport.in(stage), tail, printed -> { }));
        return new Started(command, running, tail);
    }

    /** A command started by {@link #start}: wait for its {@link Outcome}, or close it to kill it. */
    public static final class Started implements AutoCloseable {
        private final Command command;
        private final Processes.Running running;
        private final OutputTail tail;

        private Started(Command command, Processes.Running running, OutputTail tail) {
            this.command = command;
            this.running = running;
            this.tail = tail;
        }

        public Outcome waitFor() {
            return new Outcome(command, running.waitFor(), tail.lines());
        }

        @Override
        public void close() {
            running.close();
        }
    }

    private Outcome run(LineReport report, Command command, Consumer<String> printedLines) {
        OutputTail tail = new OutputTail();
        int exit = processes.run(command, reporting(report, tail, printedLines));
        return new Outcome(command, exit, tail.lines());
    }

    /** The one place a command's line becomes an event; no password in a URI reaches the events or the log. */
    private Consumer<String> reporting(LineReport report, Consumer<String> tail, Consumer<String> printedLines) {
        return printed -> {
            printedLines.accept(printed);
            String line = URI_PASSWORD.matcher(report.reword(printed)).replaceAll("$1:***@");
            tail.accept(line);
            events.output(report.stage(), line);
            report.reported(line);
        };
    }

    /** The exit code and last lines of a finished command. */
    public record Outcome(Command command, int exitCode, List<String> lastLines) {
        public Outcome {
            lastLines = List.copyOf(lastLines);
        }

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** Whether one of the last lines contains {@code text}. */
        public boolean printed(String text) {
            return lastLines.stream().anyMatch(line -> line.contains(text));
        }

        public Outcome requireSuccess(Stage stage, String what) {
            if (exitCode != 0) {
                throw new BuildFailedException(stage, what + " failed (" + command.argv().get(0)
                        + " exited with " + exitCode + ")", lastLines);
            }
            return this;
        }
    }

    /** The exit code and every line of a finished command. */
    public record Captured(Command command, int exitCode, List<String> lines) {
        public Captured {
            lines = List.copyOf(lines);
        }

        public boolean succeeded() {
            return exitCode == 0;
        }
    }
}
