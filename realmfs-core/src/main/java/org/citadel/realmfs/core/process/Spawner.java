package org.citadel.realmfs.core.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.Pipe;
import org.citadel.realmfs.core.linux.PreparedSpawn;

/**
 * Starts processes with posix_spawn: standard input from the command's file or /dev/null, standard
 * output and error merged and delivered line by line to a consumer (or standard output to the
 * command's file and only standard error as lines), exactly the command's environment, signals
 * reset, and a session of its own. Consumers are called on this spawner's output thread.
 *
 * <p>Must be created on a thread that is not chrooted and never will be (its output thread is
 * born there). Closing it kills and reaps every process it started that is still open.
 */
public final class Spawner implements AutoCloseable {
    private static final Path DEV_NULL = Path.of("/dev/null");

    private final SpawnPlacement placement;
    private final OutputPump pump;
    private final Set<SpawnedProcess> open = ConcurrentHashMap.newKeySet();

    public Spawner(String name, SpawnPlacement placement) {
        this.placement = placement;
        this.pump = new OutputPump("realmfs-output-" + name);
        Kernel.warmUp();
    }

    /** A spawner for commands on the host, from any thread; it refuses chrooted commands. */
    public static Spawner host() {
        return new Spawner("host", SpawnPlacement.HOST);
    }

    /** Starts {@code command}; the process's output lines go to {@code lines}. */
    public SpawnedProcess spawn(Command command, Consumer<String> lines) {
        return spawn(command, lines, Map.of());
    }

    /** Runs {@code command} to its end and returns its exit code (128 + the signal if a signal killed it). */
    public int run(Command command, Consumer<String> lines) {
        try (SpawnedProcess process = spawn(command, lines)) {
            return process.waitFor();
        }
    }

    /** Like {@link #spawn(Command, Consumer)}, giving the child more of our fds (child fd number to our fd). */
    SpawnedProcess spawn(Command command, Consumer<String> lines, Map<Integer, Fd> extraFds) {
        placement.checkCaller(command);
        Pipe output = Kernel.pipe("output of " + command.display());
        try (Fd stdin = Kernel.openReadOnly(command.stdin().orElse(DEV_NULL));
             Fd stdoutFile = command.stdout().map(Kernel::openForWriting).orElse(null);
             Fd outputWriteEnd = output.writeEnd()) {
            Map<Integer, Fd> childFds = new LinkedHashMap<>();
            childFds.put(0, stdin);
            childFds.put(1, stdoutFile != null ? stdoutFile : outputWriteEnd);
            childFds.put(2, outputWriteEnd);
            childFds.putAll(extraFds);
            int pid = launch(command, childFds);
            SpawnedProcess process = new SpawnedProcess(pid, command, pump.add(output.readEnd(), lines), open::remove);
            open.add(process);
            return process;
        } catch (RuntimeException | Error e) {
            output.readEnd().close();
            throw e;
        }
    }

    private int launch(Command command, Map<Integer, Fd> childFds) {
        List<String> environment = new ArrayList<>();
        command.environment().forEach((name, value) -> environment.add(name + "=" + value));
        try (PreparedSpawn spawn = new PreparedSpawn(ExecutableSearch.candidates(command.argv().get(0), command.environment()),
                command.argv(), environment, command.workingDirectory(), childFds)) {
            int pid = placement.launch(command.root(), spawn::launch);
            if (pid < 0) {
                throw new SpawnFailedException(command, spawn.failure());
            }
            return pid;
        }
    }

    /** Kills and reaps every process this spawner started that has not been closed yet. */
    public void killAll() {
        for (SpawnedProcess process : List.copyOf(open)) {
            process.close();
        }
    }

    @Override
    public void close() {
        try (OutputPump p = pump) {
            killAll();
        }
    }
}
