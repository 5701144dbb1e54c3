package org.citadel.realmfs.core.linux;

/** Flags of unshare(2) and setns(2). */
public final class NamespaceFlags {
    /** The thread gets its own root, working directory and umask, so it can chroot alone. */
    public static final int CLONE_FS = 0x00000200;
    public static final int CLONE_NEWNS = 0x00020000;
    /** A host name and domain name of its own. */
    public static final int CLONE_NEWUTS = 0x04000000;
    /** System V IPC objects and POSIX message queues of its own. */
    public static final int CLONE_NEWIPC = 0x08000000;
    /** Children spawned afterwards go into a new PID namespace; the first one is its init. */
    public static final int CLONE_NEWPID = 0x20000000;

    private NamespaceFlags() {
    }
}
