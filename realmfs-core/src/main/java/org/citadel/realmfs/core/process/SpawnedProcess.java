package org.citadel.realmfs.core.process;

import java.util.function.Consumer;

import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.Signals;
import org.citadel.realmfs.core.linux.WaitStatus;

/** A running (or ended, not yet closed) child process. Closing it kills it if needed and reaps it. */
public final class SpawnedProcess implements AutoCloseable {
    private final int pid;
    private final Command command;
    private final OutputPump.Stream output;
    private final Consumer<SpawnedProcess> onReaped;
    private Integer exitCode; // guarded by this
    private volatile boolean reaped;

    SpawnedProcess(int pid, Command command, OutputPump.Stream output, Consumer<SpawnedProcess> onReaped) {
        this.pid = pid;
        this.command = command;
        this.output = output;
        this.onReaped = onReaped;
    }

    /** The pid as the JVM sees it (the host's PID namespace). */
    public int pid() {
        return pid;
    }

    public Command command() {
        return command;
    }

    /**
     * Waits for the process to end and for every line it wrote to be delivered; returns its exit
     * code, or 128 + the signal number if a signal ended it. Rethrows what the line consumer threw.
     */
    public synchronized int waitFor() {
        if (exitCode == null) {
            int status = Kernel.waitFor(pid);
            reaped = true;
            exitCode = WaitStatus.exitCode(status);
            onReaped.accept(this);
            output.drainAndFinish();
        }
        output.awaitDelivered();
        return exitCode;
    }

    /** Sends SIGKILL to the process and everything in its process group; nothing if it was reaped already. */
    public void kill() {
        if (!reaped) {
            Kernel.kill(-pid, Signals.SIGKILL);
            Kernel.kill(pid, Signals.SIGKILL);
        }
    }

    /** Kills the process if it still runs and reaps it; what the consumer threw was reported by {@link #waitFor()}. */
    @Override
    public void close() {
        kill();
        try {
            waitFor();
        } catch (RuntimeException e) {
            // a consumer's failure: waitFor() is where it is reported
        }
    }

    @Override
    public String toString() {
        return "process " + pid + " (" + command.display() + ")";
    }
}
