package org.citadel.realmfs.core.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jnr.constants.platform.Errno;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A posix_spawn call with everything prepared in advance (native file actions and attributes,
 * argument arrays), so that {@link #launch()} itself runs nothing but the native call. That is what
 * makes it safe to launch from a thread that is briefly chrooted into a rootfs.
 *
 * <p>The child gets: the given fds (and no other: every fd above them is closed), the given
 * working directory (resolved in the root in effect at launch), an empty signal mask, every signal
 * at its default action, and a session (and process group) of its own, so it has no controlling
 * terminal and {@code kill(-pid)} reaches everything it starts in its group.
 */
public final class PreparedSpawn implements AutoCloseable {
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    /** Generous upper bounds of glibc's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336) and sigset_t (128). */
    private static final int OPAQUE_STRUCT_BYTES = 1024;

    private final LibC libc = Kernel.libc();
    private final List<String> executableCandidates;
    private final jnr.ffi.Runtime runtime;
    private final List<Pointer> keptAlive = new ArrayList<>(); // the strings argv and envp point to
    private final Pointer argv;
    private final Pointer envp;
    private final Pointer fileActions;
    private final Pointer attributes;
    private final Pointer allSignals;
    private final Pointer noSignals;
    private int lastErrno;
    private String lastCandidate;

    /**
     * @param executableCandidates paths to try in order, as execvp would for a name found on PATH
     * @param childFds the fds the child gets (child fd number to an fd of ours)
     */
    public PreparedSpawn(List<String> executableCandidates, List<String> argv, List<String> environment,
                         String workingDirectory, Map<Integer, Fd> childFds) {
        if (executableCandidates.isEmpty()) {
            throw new IllegalArgumentException("no executable to try for " + argv);
        }
        this.executableCandidates = List.copyOf(executableCandidates);
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
        this.argv = nativeStringArray(argv);
        this.envp = nativeStringArray(environment);
        this.fileActions = Memory.allocateDirect(runtime, OPAQUE_STRUCT_BYTES, true);
        this.attributes = Memory.allocateDirect(runtime, OPAQUE_STRUCT_BYTES, true);
        this.allSignals = Memory.allocateDirect(runtime, OPAQUE_STRUCT_BYTES, true);
        this.noSignals = Memory.allocateDirect(runtime, OPAQUE_STRUCT_BYTES, true);
        initialize(workingDirectory, childFds);
    }

    private void initialize(String workingDirectory, Map<Integer, Fd> childFds) {
        spawnCheck(libc.posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init");
        spawnCheck(libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
        int highestChildFd = 2;
        for (Map.Entry<Integer, Fd> entry : childFds.entrySet()) {
            // Kernel hands out no fd below 10, so no dup2 here overwrites the source of a later one.
            spawnCheck(libc.posix_spawn_file_actions_adddup2(fileActions, entry.getValue().number(), entry.getKey()),
                    "give " + entry.getValue() + " to the child as fd " + entry.getKey());
            highestChildFd = Math.max(highestChildFd, entry.getKey());
        }
        spawnCheck(libc.posix_spawn_file_actions_addclosefrom_np(fileActions, highestChildFd + 1),
                "close the child's fds from " + (highestChildFd + 1));
        spawnCheck(libc.posix_spawn_file_actions_addchdir_np(fileActions, workingDirectory),
                "set the child's working directory to " + workingDirectory);
        libc.sigfillset(allSignals);
        libc.sigemptyset(noSignals);
        spawnCheck(libc.posix_spawnattr_setsigdefault(attributes, allSignals), "posix_spawnattr_setsigdefault");
        spawnCheck(libc.posix_spawnattr_setsigmask(attributes, noSignals), "posix_spawnattr_setsigmask");
        spawnCheck(libc.posix_spawnattr_setflags(attributes,
                (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID)), "posix_spawnattr_setflags");
    }

    /**
     * Starts the process: tries each candidate like execvp (going on past one that does not exist or
     * may not be executed). Returns the pid, or -1 if none could be started; then {@link #failure()}
     * says why. Loads no class and touches no file of the JVM.
     */
    public int launch() {
        int[] pid = new int[1];
        int firstDenied = 0;
        for (int i = 0; i < executableCandidates.size(); i++) {
            String candidate = executableCandidates.get(i);
            int error = libc.posix_spawn(pid, candidate, fileActions, attributes, argv, envp);
            if (error == 0) {
                return pid[0];
            }
            lastErrno = error;
            lastCandidate = candidate;
            if (error == EACCES && firstDenied == 0) {
                firstDenied = error;
            } else if (error != ENOENT && error != ENOTDIR && error != EACCES) {
                return -1;
            }
        }
        if (firstDenied != 0) {
            lastErrno = firstDenied;
        }
        return -1;
    }

    private static final int ENOENT = Errno.ENOENT.intValue();
    private static final int ENOTDIR = Errno.ENOTDIR.intValue();
    private static final int EACCES = Errno.EACCES.intValue();

    /** Why the last {@link #launch()} returned -1. */
    public NativeCallException failure() {
        String tried = executableCandidates.size() == 1 ? lastCandidate
                : String.join(", ", executableCandidates);
        return Kernel.failure("execute " + tried, lastErrno);
    }

    @Override
    public void close() {
        libc.posix_spawn_file_actions_destroy(fileActions);
        libc.posix_spawnattr_destroy(attributes);
    }

    /** A NULL-terminated char*[] in native memory, made now so that launching allocates nothing. */
    private Pointer nativeStringArray(List<String> strings) {
        int pointerBytes = runtime.addressSize();
        Pointer array = Memory.allocateDirect(runtime, (strings.size() + 1) * pointerBytes, true);
        for (int i = 0; i < strings.size(); i++) {
            byte[] bytes = strings.get(i).getBytes(StandardCharsets.UTF_8);
            Pointer string = Memory.allocateDirect(runtime, bytes.length + 1, true);
            string.put(0, bytes, 0, bytes.length);
            keptAlive.add(string);
            array.putPointer((long) i * pointerBytes, string);
        }
        keptAlive.add(array);
        return array;
    }

    private static void spawnCheck(int error, String attempted) {
        if (error != 0) {
            throw Kernel.failure(attempted, error);
        }
    }
}
