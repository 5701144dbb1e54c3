package org.citadel.realmfs.core.linux;

import java.util.function.IntSupplier;

/**
 * Puts the calling thread into a namespace for the duration of one action and back. For a PID
 * namespace this changes only where the thread's new children go: the thread itself stays where it
 * is. (It must be switched back: a thread whose children go to another PID namespace cannot create
 * threads, and the JVM creates threads.)
 */
public final class NamespaceSwitch implements AutoCloseable {
    private final Fd target;
    private final Fd home;
    private final int nstype;

    /** Takes ownership of both fds (opened from /proc/.../ns/...). */
    public NamespaceSwitch(Fd target, Fd home, int nstype) {
        this.target = target;
        this.home = home;
        this.nstype = nstype;
    }

    public int runInside(IntSupplier action) {
        Kernel.setns(target, nstype);
        try {
            return action.getAsInt();
        } finally {
            try {
                Kernel.setns(home, nstype);
            } catch (NativeCallException e) {
                throw new IllegalStateException("Could not return from namespace " + target.description()
                        + ": this thread is unusable for anything but ending", e);
            }
        }
    }

    @Override
    public void close() {
        try (Fd t = target; Fd h = home) {
            // both closed
        }
    }
}
