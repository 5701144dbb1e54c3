package org.citadel.realmfs.core.cache;

/**
 * The part of storing a layer that needs only its written tar (checksum, metadata, the rename into
 * the store, eviction, handing the claim on), run on a thread of its own while the build goes on:
 * one at a time, each awaited before the next starts, before the build's result and when the
 * build's {@link LayerCache} closes (every path), so that no build ends with a layer half-stored.
 *
 * <p>A commit reports its own expected failures (a layer that cannot be stored is a warning); what it
 * throws beyond that is rethrown by the next {@link #await}, as it would have been by a store on the
 * build's thread.
 */
final class LayerCommits implements AutoCloseable {
    private Thread running;
    private Throwable failure;

    /** Waits for the commit running, if any, then starts {@code commit} on a new thread. */
    void start(String name, Runnable commit) {
        await();
        Thread thread = new Thread(() -> {
            try {
                commit.run();
            } catch (Throwable t) {
                synchronized (this) {
                    failure = t;
                }
            }
        }, name);
        thread.setDaemon(true);
        synchronized (this) {
            running = thread;
        }
        thread.start();
    }

    /**
     * Waits for the commit running, if any, and rethrows what it threw. Not interruptible: a commit
     * takes a fraction of a second, and the claim and staging directory it uses are released by it.
     */
    void await() {
        Thread thread;
        synchronized (this) {
            thread = running;
        }
        if (thread != null) {
            joinUninterruptibly(thread);
        }
        Throwable thrown;
        synchronized (this) {
            if (running == thread) {
                running = null;
            }
            thrown = failure;
            failure = null;
        }
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
    }

    @Override
    public void close() {
        await();
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
