package org.citadel.realmfs.core.sandbox;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.core.concurrent.Threads;

/**
 * The one platform thread a sandbox's namespaces belong to; it runs the bodies given to it, one at
 * a time. (Namespaces and the root directory belong to a thread, not to the JVM.)
 */
final class NamespaceThread extends Thread {
    private final BlockingQueue<FutureTask<?>> tasks = new LinkedBlockingQueue<>();
    private volatile boolean ending;

    NamespaceThread(String name) {
        super(name);
        setDaemon(true);
    }

    static boolean isAnyCurrent() {
        return Thread.currentThread() instanceof NamespaceThread;
    }

    boolean isCurrent() {
        return Thread.currentThread() == this;
    }

    @Override
    public void run() {
        while (!ending) {
            try {
                tasks.take().run();
            } catch (InterruptedException e) {
                // an interrupt meant for a body that has ended: wait for the next one
            }
        }
    }

    /**
     * Runs {@code body} on this thread and returns its result; rethrows what it threw, unchecked
     * exceptions and errors as they are, checked ones wrapped in a {@link RealmfsException}.
     */
    <T> T call(Callable<T> body) {
        if (isCurrent()) {
            try {
                return body.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw wrapped(e);
            }
        }
        FutureTask<T> task = new FutureTask<>(body);
        tasks.add(task);
        return await(task);
    }

    /** Runs {@code lastBody} on this thread, then lets the thread end. */
    void finish(Runnable lastBody) {
        call(() -> {
            ending = true;
            lastBody.run();
            return null;
        });
        Threads.joinUninterruptibly(this);
    }

    private <T> T await(FutureTask<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    // The body cannot be abandoned halfway (it owns mounts and processes): pass the
                    // interrupt on so it can stop early, and keep waiting.
                    if (!interrupted) {
                        interrupt();
                    }
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw wrapped(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RealmfsException wrapped(Throwable checked) {
        return new RealmfsException("The sandboxed build step failed: " + checked, checked);
    }
}
