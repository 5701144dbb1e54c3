package org.citadel.realmfs.core.linux;

/** Signal numbers (the same on every Linux architecture for these). */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private Signals() {
    }
}
