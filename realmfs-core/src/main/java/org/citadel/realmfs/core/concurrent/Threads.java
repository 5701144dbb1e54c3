package org.citadel.realmfs.core.concurrent;

/** Waiting for the build's own threads. */
public final class Threads {
    private Threads() {
    }

    /**
     * Waits until {@code thread} has ended, however often the caller is interrupted meanwhile: an owner
     * must not return while the thread it owns still runs. An interrupt that came is set again on return.
     */
    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
