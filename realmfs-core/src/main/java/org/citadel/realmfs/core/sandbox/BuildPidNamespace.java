package org.citadel.realmfs.core.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.NamespaceFlags;
import org.citadel.realmfs.core.linux.NamespaceSwitch;
import org.citadel.realmfs.core.linux.PreparedSpawn;
import org.citadel.realmfs.core.linux.Signals;

/**
 * The PID namespace every process of a build runs in, so that none outlives the build.
 *
 * <p>Its init (pid 1) is a reaper that does nothing but wait: {@code setpriv --pdeathsig KILL --
 * sleep infinity}. The kernel kills the reaper when the thread that spawned it ends, which happens
 * when the sandbox closes and also when the JVM is killed (even with SIGKILL); and when the init of
 * a PID namespace dies, the kernel kills every other process in it. So daemons a package starts,
 * or anything a killed build left running, die with the build.
 *
 * <p>The spawning thread enters the namespace only around each spawn ({@link #launchInside}): a
 * thread whose children go to another PID namespace may not create threads.
 */
final class BuildPidNamespace implements AutoCloseable {
    private static final List<String> REAPER = List.of("setpriv", "--pdeathsig", "KILL", "--", "sleep", "infinity");
    private static final List<String> HOST_PATH = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

    private final NamespaceSwitch entry;
    private final int reaperPid;
    /** Once the reaper is reaped its pid may belong to another process: no signal may go there. */
    private boolean reaped;

    private BuildPidNamespace(NamespaceSwitch entry, int reaperPid) {
        this.entry = entry;
        this.reaperPid = reaperPid;
    }

    /** Creates the namespace and starts its reaper; on the thread that will spawn the build's processes. */
    static BuildPidNamespace create() {
        List<String> candidates = HOST_PATH.stream().map(directory -> directory + "/" + REAPER.get(0)).toList();
        // Everything is prepared before unshare: from then until setns below, this thread cannot
        // create threads, and the first allocation of native memory may want to start one.
        try (Fd devNull = Kernel.openReadOnly(Path.of("/dev/null"));
             PreparedSpawn reaper = new PreparedSpawn(candidates, REAPER, List.of("PATH=" + String.join(":", HOST_PATH)),
                     "/", Map.of(0, devNull, 1, devNull, 2, devNull))) {
            Fd hostNamespace = Kernel.openReadOnly(Path.of("/proc/thread-self/ns/pid"));
            int reaperPid = -1;
            try {
                Kernel.unshare(NamespaceFlags.CLONE_NEWPID);
                try {
                    // The namespace can be opened (in /proc) only once it has its init: the reaper.
                    reaperPid = reaper.launch();
                } finally {
                    Kernel.setns(hostNamespace, NamespaceFlags.CLONE_NEWPID);
                }
                if (reaperPid < 0) {
                    throw new HostRequirementException("Cannot start the build's reaper process (" + String.join(" ", REAPER)
                            + "): " + reaper.failure().getMessage() + ". It needs setpriv (util-linux) and sleep (coreutils).");
                }
                Fd buildNamespace = Kernel.openReadOnly(Path.of("/proc/" + reaperPid + "/ns/pid"));
                return new BuildPidNamespace(
                        new NamespaceSwitch(buildNamespace, hostNamespace, NamespaceFlags.CLONE_NEWPID), reaperPid);
            } catch (RuntimeException e) {
                if (reaperPid > 0) {
                    Kernel.kill(reaperPid, Signals.SIGKILL);
                    Kernel.waitFor(reaperPid);
                }
                hostNamespace.close();
                throw e;
            }
        }
    }

    /** Runs {@code launch} with the calling thread's new children going into this namespace. */
    int launchInside(IntSupplier launch) {
        return entry.runInside(launch);
    }

    /**
     * Kills the reaper, and with it, by the kernel's hand, every process of the namespace. Callable
     * from any thread, also after {@link #close}.
     */
    synchronized void killAll() {
        if (!reaped) {
            Kernel.kill(reaperPid, Signals.SIGKILL);
        }
    }

    /**
     * Reaps the reaper. Its exit completes only once every other process of the namespace has been
     * reaped, so call this after reaping the children the JVM spawned into the namespace.
     */
    @Override
    public void close() {
        try (NamespaceSwitch e = entry) {
            synchronized (this) {
                if (!reaped) {
                    Kernel.kill(reaperPid, Signals.SIGKILL);
                    Kernel.waitFor(reaperPid); // quick: it was killed, and its other processes are gone
                    reaped = true;
                }
            }
        }
    }
}
