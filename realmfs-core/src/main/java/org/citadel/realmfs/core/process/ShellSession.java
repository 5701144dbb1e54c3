package org.citadel.realmfs.core.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.NativeCallException;
import org.citadel.realmfs.core.linux.Pipe;

/**
 * One long-lived bash that runs scripts one after another, so what one script sets (variables,
 * exports, functions, options such as {@code set -e}) is there for the next.
 *
 * <p>The shell's standard input stays /dev/null (scripts may read it). Scripts come in on fd 3, each
 * ended by a NUL byte, and bash reports each script's status on fd 4; the scripts themselves run
 * with fds 3, 4 and 5 closed, so nothing they start can hold the session's pipes open. After each
 * script bash also writes a marker line to its original standard output (kept as fd 5), so that
 * {@link #runScript} returns only when every line the script wrote has been delivered.
 *
 * <p>Not thread-safe: one script at a time, from one thread.
 */
public final class ShellSession implements AutoCloseable {
    private static final String DRIVER = """
            exec 5>&1
            while IFS= read -r -d '' __realmfs_script <&3; do
              eval "$__realmfs_script" 3<&- 4>&- 5>&-
              __realmfs_status=$?
              printf '%%s\\n' %s >&5
              printf 'done %%d\\n' "$__realmfs_status" >&4
            done
            """;

    private final SpawnedProcess shell;
    private final Fd scripts;
    private final StatusLines statuses;
    private final ScriptEndMarker markers;
    private ScriptResult ending;

    private ShellSession(SpawnedProcess shell, Fd scripts, Fd statuses, ScriptEndMarker markers) {
        this.shell = shell;
        this.scripts = scripts;
        this.statuses = new StatusLines(statuses);
        this.markers = markers;
    }

    /**
     * Starts the shell. {@code shell} is bash with its options (for example {@code /bin/bash
     * --noprofile --norc}), chrooted or not; its standard output must not go to a file.
     */
    public static ShellSession start(Spawner spawner, Command shell, Consumer<String> lines) {
        if (shell.stdout().isPresent()) {
            throw new IllegalArgumentException("A shell session's output goes to its line consumer; "
                    + "it cannot go to " + shell.stdout().get());
        }
        ScriptEndMarker markers = new ScriptEndMarker(lines);
        List<String> argv = new ArrayList<>(shell.argv());
        argv.addAll(List.of("-c", DRIVER.formatted(markers.text()), "realmfs-shell"));
        Command command = new Command(argv, shell.environment(), shell.root(), shell.workingDirectory(),
                shell.stdin(), shell.stdout());
        Pipe scripts = Kernel.pipe("scripts of " + shell.display());
        Pipe statuses;
        try {
            statuses = Kernel.pipe("script statuses of " + shell.display());
        } catch (RuntimeException e) {
            scripts.close();
            throw e;
        }
        try (Fd scriptsReadEnd = scripts.readEnd(); Fd statusesWriteEnd = statuses.writeEnd()) {
            SpawnedProcess process = spawner.spawn(command, markers, Map.of(3, scriptsReadEnd, 4, statusesWriteEnd));
            return new ShellSession(process, scripts.writeEnd(), statuses.readEnd(), markers);
        } catch (RuntimeException | Error e) {
            scripts.writeEnd().close();
            statuses.readEnd().close();
            throw e;
        }
    }

    /**
     * Runs {@code bashCode} in the shell and waits until it has ended and all its lines were
     * delivered. If the shell itself ends during the script ({@code exit}, a failure under
     * {@code set -e}), the result says so and carries the shell's exit code.
     *
     * @param label names the script in messages
     * @throws IllegalStateException if the shell already ended during an earlier script
     */
    public ScriptResult runScript(String label, String bashCode) {
        if (ending != null) {
            throw new IllegalStateException("Cannot run script '" + label + "': the shell ended with exit code "
                    + ending.exitCode() + " during script '" + ending.label() + "'");
        }
        if (bashCode.indexOf('\0') >= 0) {
            throw new InvalidRecipeException("Script '" + label + "' contains a NUL character, which bash cannot hold;"
                    + " remove it (write binary data with a Java module's writeFile)");
        }
        try {
            Kernel.writeFully(scripts, (bashCode + "\n\0").getBytes(StandardCharsets.UTF_8));
        } catch (NativeCallException e) {
            // The shell is gone (EPIPE): the status pipe is at its end too, and says so below.
        }
        String status = statuses.next();
        if (status == null) {
            ending = new ScriptResult(label, shell.waitFor(), true);
            return ending;
        }
        markers.awaitNext();
        return new ScriptResult(label, Integer.parseInt(status.substring("done ".length())), false);
    }

    /** Ends the shell (and anything its scripts left running in its process group). */
    @Override
    public void close() {
        try (Fd statusReadEnd = statuses.fd; SpawnedProcess process = shell) {
            scripts.close();
        }
    }

    /** The lines bash writes to the status pipe, read without buffering past the line asked for. */
    private static final class StatusLines {
        private final Fd fd;
        private final byte[] one = new byte[1];

        StatusLines(Fd fd) {
            this.fd = fd;
        }

        /** The next line, or null when the shell has closed the pipe (it ended). */
        String next() {
            StringBuilder line = new StringBuilder();
            while (Kernel.read(fd, one) > 0) {
                if (one[0] == '\n') {
                    return line.toString();
                }
                line.append((char) one[0]);
            }
            return null;
        }
    }
}
