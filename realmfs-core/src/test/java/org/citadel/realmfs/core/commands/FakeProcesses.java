package org.citadel.realmfs.core.commands;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.ScriptResult;

/**
 * Processes that run nothing: each command is recorded and answered by a script of the test's, which
 * says what the "process" prints and how it exits; a shell answers each of its scripts the same way.
 */
public final class FakeProcesses implements Processes {
    /** What a fake process does: the lines it prints, and its exit code. */
    public record Run(List<String> lines, int exitCode) {
        public static Run printing(int exitCode, String... lines) {
            return new Run(List.of(lines), exitCode);
        }
    }

    /** One script a fake shell was given. */
    public record Script(String label, String bashCode) {
    }

    private final Function<Command, Run> commands;
    private final Function<Script, Run> scripts;
    private final List<Command> ran = Collections.synchronizedList(new ArrayList<>());
    private final List<Command> shells = Collections.synchronizedList(new ArrayList<>());
    private final List<Script> scriptsRun = Collections.synchronizedList(new ArrayList<>());
    private int shellsOpen;

    public FakeProcesses(Function<Command, Run> commands, Function<Script, Run> scripts) {
        this.commands = commands;
        this.scripts = scripts;
    }

    /** Every command prints nothing and exits 0; so does every script. */
    public static FakeProcesses succeeding() {
        return new FakeProcesses(command -> Run.printing(0), script -> Run.printing(0));
    }

    @Override
    public int run(Command command, Consumer<String> lines) {
        ran.add(command);
        Run run = commands.apply(command);
        run.lines().forEach(lines);
        return run.exitCode();
    }

    @Override
    public synchronized BuildShell startShell(Command shell, Consumer<String> lines) {
        shells.add(shell);
        shellsOpen++;
        return new BuildShell() {
            @Override
            public ScriptResult runScript(String label, String bashCode) {
                Script script = new Script(label, bashCode);
                scriptsRun.add(script);
                Run run = scripts.apply(script);
                run.lines().forEach(lines);
                return new ScriptResult(label, run.exitCode(), false);
            }

            @Override
            public void close() {
                synchronized (FakeProcesses.this) {
                    shellsOpen--;
                }
            }
        };
    }

    /** The commands run, in order (shells not included). */
    public List<Command> commandsRun() {
        synchronized (ran) {
            return List.copyOf(ran);
        }
    }

    /** The shells started, in order. */
    public List<Command> shellsStarted() {
        synchronized (shells) {
            return List.copyOf(shells);
        }
    }

    /** The scripts the shells were given, in order. */
    public List<Script> scripts() {
        synchronized (scriptsRun) {
            return List.copyOf(scriptsRun);
        }
    }

    public synchronized int shellsOpen() {
        return shellsOpen;
    }
}
