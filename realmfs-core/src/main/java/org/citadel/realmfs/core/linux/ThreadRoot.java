package org.citadel.realmfs.core.linux;

import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * Moves the calling thread into another root for the duration of one action and back. Only for a
 * thread that has its own filesystem state ({@code unshare(CLONE_FS)}); on any other thread chroot
 * would move the whole JVM.
 */
public final class ThreadRoot implements AutoCloseable {
    private final Fd hostRoot;
    private final Fd workingDirectory;

    private ThreadRoot(Fd hostRoot, Fd workingDirectory) {
        this.hostRoot = hostRoot;
        this.workingDirectory = workingDirectory;
    }

    /** Remembers the calling thread's current root and working directory, to come back to. */
    public static ThreadRoot captureCurrent() {
        Fd root = Kernel.openDirectory(Path.of("/"));
        try {
            return new ThreadRoot(root, Kernel.openDirectory(Path.of(".")));
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /**
     * Runs {@code action} chrooted into {@code root} with {@code /} of that root as working directory,
     * then returns to the remembered root and working directory. The action must load no class and
     * touch no file of the JVM (see {@link PreparedSpawn#launch()}).
     */
    public int runChrooted(Path root, IntSupplier action) {
        Kernel.chroot(root.toString());
        try {
            return action.getAsInt();
        } finally {
            leave(root);
        }
    }

    private void leave(Path root) {
        try {
            Kernel.fchdir(hostRoot);
            Kernel.chroot(".");
            Kernel.fchdir(workingDirectory);
        } catch (NativeCallException e) {
            throw new IllegalStateException("Could not leave the chroot " + root
                    + ": this thread is unusable for anything but ending", e);
        }
    }

    @Override
    public void close() {
        try (Fd r = hostRoot; Fd w = workingDirectory) {
            // both closed
        }
    }
}
