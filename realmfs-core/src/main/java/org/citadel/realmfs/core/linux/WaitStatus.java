package org.citadel.realmfs.core.linux;

/** Decodes the status waitpid(2) reports. */
public final class WaitStatus {
    private WaitStatus() {
    }

    /** The exit code of a process that exited, or 128 + the signal number for one a signal killed (as shells report it). */
    public static int exitCode(int rawStatus) {
        int signal = rawStatus & 0x7f;
        if (signal == 0) {
            return (rawStatus >> 8) & 0xff;
        }
        return 128 + signal;
    }
}
