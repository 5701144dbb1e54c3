package org.citadel.realmfs.core.cache;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The part of storing a layer that needs only its written tar (checksum, metadata, the rename into
 * the store, eviction, handing the claim on), run on a thread of its own while the build goes on:
 * one at a time, each awaited before the next starts, before the build's result and when the
 * build's {@link LayerCache} closes (every path), so that no build ends with a layer half-stored.
 *
 * <p>The thread is started when this object is made, on the thread that makes the build's layer
 * cache, outside the sandbox: a thread started from the sandbox thread would share its filesystem
 * state (CLONE_FS), whose root is the rootfs for the moments it spawns a chrooted command, and would
 * resolve the cache's paths inside the rootfs then.
 *
 * <p>A commit reports its own expected failures (a layer that cannot be stored is a warning); what it
 * throws beyond that is rethrown by the next {@link #await}, as it would have been by a store on the
 * build's thread.
 */
final class LayerCommits implements AutoCloseable {
    private final Optional<ThreadPoolExecutor> worker;
    private Future<?> pending;

    private LayerCommits(Optional<ThreadPoolExecutor> worker) {
        this.worker = worker;
    }

    /** Commits on a thread started now, by the calling thread, named {@code threadName}. */
    static LayerCommits startedHere(String threadName) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, threadName);
                    thread.setDaemon(true);
                    return thread;
                });
        executor.prestartCoreThread();
        return new LayerCommits(Optional.of(executor));
    }

    /** For a build that stores no layer: starting a commit is an error. */
    static LayerCommits none() {
        return new LayerCommits(Optional.empty());
    }

    /** Waits for the commit running, if any (rethrowing what it threw), then starts {@code commit}. */
    synchronized void start(Runnable commit) {
        await();
        pending = worker.orElseThrow(() -> new IllegalStateException("This layer cache stores no layer"))
                .submit(commit);
    }

    /**
     * Waits for the commit running, if any, and rethrows what it threw. Not interruptible: a commit
     * takes a fraction of a second, and the claim and staging directory it uses are released by it.
     */
    synchronized void await() {
        Future<?> awaited = pending;
        pending = null;
        if (awaited == null) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    awaited.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    if (e.getCause() instanceof Error failure) {
                        throw failure;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Awaits the commit running, then ends the thread. */
    @Override
    public synchronized void close() {
        try {
            await();
        } finally {
            worker.ifPresent(ThreadPoolExecutor::shutdown);
        }
    }
}
