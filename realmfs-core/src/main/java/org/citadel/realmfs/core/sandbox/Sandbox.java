package org.citadel.realmfs.core.sandbox;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.NamespaceFlags;
import org.citadel.realmfs.core.linux.ThreadRoot;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.SpawnPlacement;
import org.citadel.realmfs.core.process.Spawner;

/**
 * Where a build runs: one dedicated thread with a private mount namespace (nothing it mounts is
 * seen by the host, and everything it mounts is gone when it ends, even if the JVM is killed), its
 * own root directory (so it alone can chroot to spawn), a PID namespace for the processes it
 * spawns (so none outlives the build; see {@link BuildPidNamespace}), and UTS and IPC namespaces of
 * its own: a module or a maintainer script that runs {@code hostname x} names the image's host, not
 * the build host, and System V IPC objects a build creates are neither the host's nor outlive it.
 *
 * <p>The build body runs on that thread through {@link #call}. Closing the sandbox kills every
 * process still running in it, unmounts its mounts in reverse order, and ends the thread.
 */
public final class Sandbox implements AutoCloseable {
    private final NamespaceThread thread;
    private final Consumer<String> warnings;
    private final Spawner spawner;
    private final Mounts mounts;
    private final String hostname;
    private ThreadRoot threadRoot;
    private volatile BuildPidNamespace pidNamespace;
    private boolean closed;

    private Sandbox(String name, String hostname, Consumer<String> warnings) {
        this.hostname = hostname;
        this.thread = new NamespaceThread("realmfs-sandbox-" + name);
        this.warnings = warnings;
        this.mounts = new Mounts(thread, warnings);
        this.spawner = new Spawner(name, new Placement());
    }

    /** Opens a sandbox; warnings (a mount that had to be detached lazily) are dropped. */
    public static Sandbox open(String name) {
        return open(name, warning -> { });
    }

    /** Opens a sandbox whose processes see the host name {@code localhost}. */
    public static Sandbox open(String name, Consumer<String> warnings) {
        return open(name, "localhost", warnings);
    }

    /**
     * Opens a sandbox: starts its thread and sets up its namespaces.
     *
     * @param hostname the host name its processes see (the one the image will have)
     * @param warnings told about problems that do not stop the build, such as a mount that stayed busy
     * @throws org.citadel.realmfs.core.linux.NativeCallException (EPERM) without root, which the engine checks before it opens one
     */
    public static Sandbox open(String name, String hostname, Consumer<String> warnings) {
        if (NamespaceThread.isAnyCurrent()) {
            throw new IllegalStateException("Cannot open a sandbox inside a sandbox");
        }
        Sandbox sandbox = new Sandbox(name, hostname, warnings);
        sandbox.thread.start();
        try {
            sandbox.thread.call(() -> {
                sandbox.setUpNamespaces();
                return null;
            });
        } catch (RuntimeException | Error e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    private void setUpNamespaces() {
        // Per thread: the JVM's other threads keep the host's; what this thread spawns inherits them.
        Kernel.unshare(NamespaceFlags.CLONE_NEWNS | NamespaceFlags.CLONE_FS
                | NamespaceFlags.CLONE_NEWUTS | NamespaceFlags.CLONE_NEWIPC);
        Kernel.setHostname(hostname);
        Kernel.makeAllMountsPrivate();
        threadRoot = ThreadRoot.captureCurrent();
        pidNamespace = BuildPidNamespace.create();
    }

    /**
     * Runs {@code body} on the sandbox's thread and returns its result. What it throws is rethrown
     * here: unchecked exceptions and errors unchanged, checked ones wrapped in a RealmfsException.
     * Called on the sandbox's thread, it runs {@code body} directly.
     */
    public <T> T call(Callable<T> body) {
        return thread.call(body);
    }

    /** {@link #call} for a body without a result. */
    public void run(Runnable body) {
        thread.call(() -> {
            body.run();
            return null;
        });
    }

    /** The sandbox's mounts; usable only on its thread. */
    public Mounts mounts() {
        return mounts;
    }

    /** Spawns into the sandbox (its mounts, its PID namespace, chrooted if asked); usable only on its thread. */
    public Spawner spawner() {
        return spawner;
    }

    /**
     * Ends every process of the build (daemons a module left too, by killing its PID namespace's
     * reaper) and waits until all have ended; later spawns go to a fresh PID namespace. After
     * this, nothing of the build can change the rootfs any more. Only on the sandbox's thread.
     */
    public void endBuildProcesses() {
        if (!thread.isCurrent()) {
            throw new IllegalStateException("The processes of " + thread.getName()
                    + " can only be ended on its thread (inside Sandbox.call)");
        }
        BuildPidNamespace ending = pidNamespace;
        pidNamespace = null;
        try (BuildPidNamespace pids = ending) {
            pids.killAll();
            spawner.killAll();
        } // reaping the reaper returns once every process of the namespace has ended
        pidNamespace = BuildPidNamespace.create();
    }

    /**
     * Kills every process running in the sandbox now, from any thread (to cancel a build): the command
     * the build waits for fails, and nothing can be spawned into the sandbox any more.
     */
    public void killProcesses() {
        BuildPidNamespace pids = pidNamespace;
        if (pids != null) {
            pids.killAll();
        }
    }

    /**
     * Kills every process of the build (everything in its PID namespace, daemons included), then
     * unmounts the mounts in reverse order (no process holds them busy any more), then ends the
     * thread. Processes are killed first because a mount a running process uses cannot be unmounted.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Spawner s = spawner) {
            if (thread.isAlive()) {
                thread.finish(this::releaseOnThread);
            }
        }
    }

    private void releaseOnThread() {
        try (ThreadRoot root = threadRoot) {
            try (BuildPidNamespace pids = pidNamespace) {
                if (pids != null) {
                    pids.killAll();
                }
                spawner.killAll();
            } // reaping the reaper returns once every process of the build has ended
            mounts.releaseAll();
        }
    }

    /** Spawns from the sandbox's thread only: into the build's PID namespace, chrooted for a moment if asked. */
    private final class Placement implements SpawnPlacement {
        @Override
        public void checkCaller(Command command) {
            if (!thread.isCurrent()) {
                throw new IllegalStateException("'" + command.display() + "' must be spawned on the thread of "
                        + thread.getName() + " (inside Sandbox.call)");
            }
        }

        @Override
        public int launch(Optional<Path> root, IntSupplier launch) {
            IntSupplier placed = root.isEmpty() ? launch : () -> threadRoot.runChrooted(root.get(), launch);
            if (pidNamespace == null) {
                throw new IllegalStateException("The sandbox " + thread.getName() + " has no PID namespace to spawn into");
            }
            return pidNamespace.launchInside(placed);
        }
    }
}
