package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** One run of a {@link RealmfsBatch}: its threads, the cancellations of its entries, its listener lock. */
final class BatchRun implements BatchHandle {

    private final List<RealmfsBatch.Entry> entries;
    private final int parallelism;
    private final boolean failFast;
    private final Optional<Path> packageCacheDirectory;
    private final Optional<Path> layerCacheDirectory;
    private final RealmfsBatch.EntryRunner runner;
    private final BuildCancellation batchCancellation = new BuildCancellation();
    private final Object listenerLock = new Object();
    private final List<BatchListener> liveListeners;
    private final CompletableFuture<BatchResult> result = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();

    BatchRun(List<RealmfsBatch.Entry> entries, int parallelism, boolean failFast, List<BatchListener> listeners,
             Optional<Path> packageCacheDirectory, Optional<Path> layerCacheDirectory, RealmfsBatch.EntryRunner runner) {
        this.entries = entries;
        this.parallelism = parallelism;
        this.failFast = failFast;
        this.liveListeners = new ArrayList<>(listeners);
        this.packageCacheDirectory = packageCacheDirectory;
        this.layerCacheDirectory = layerCacheDirectory;
        this.runner = runner;
    }

    BatchHandle start() {
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(parallelism, entries.size()),
                new BatchThreads());
        List<CompletableFuture<BatchEntryResult>> ends = new ArrayList<>();
        for (RealmfsBatch.Entry entry : entries) {
            ends.add(CompletableFuture.supplyAsync(() -> build(entry), threads));
        }
        threads.shutdown(); // the threads end once the entries have
        CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).whenComplete((done, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(new BatchResult(ends.stream().map(CompletableFuture::join).toList(),
                        Duration.ofNanos(System.nanoTime() - startNanos)));
            }
        });
        return this;
    }

    @Override
    public CompletableFuture<BatchResult> result() {
        return result;
    }

    @Override
    public boolean cancel(String reason) {
        return batchCancellation.cancel(reason);
    }

    private BatchEntryResult build(RealmfsBatch.Entry entry) {
        Optional<String> cancelledBefore = batchCancellation.reason();
        if (cancelledBefore.isPresent()) {
            return new BatchEntryResult(entry.name(), entry.workDirectory(), Optional.empty(),
                    Optional.of(new BuildCancelledException(null, cancelledBefore.get(), null)),
                    Duration.ZERO, Map.of(), Map.of());
        }
        EntryEvents events = new EntryEvents(entry.name());
        BuildCancellation cancellation = new BuildCancellation();
        long start = System.nanoTime();
        Optional<BuildResult> built = Optional.empty();
        Optional<RealmfsException> failure = Optional.empty();
        try (BuildCancellation.Registration byBatch = batchCancellation.onCancel(
                     () -> cancellation.cancel(batchCancellation.reason().orElseThrow()));
             BuildCancellation.Registration byEntry = entry.options().cancellation()
                     .map(own -> own.onCancel(() -> cancellation.cancel(own.reason().orElseThrow())))
                     .orElse(() -> { })) {
            built = Optional.of(runner.run(entry.recipe(), entry.workDirectory(), options(entry, events, cancellation)));
        } catch (RealmfsException e) {
            failure = Optional.of(e);
        } catch (RuntimeException e) {
            failure = Optional.of(new RealmfsException("The build of '" + entry.name() + "' failed unexpectedly: "
                    + e, e));
        }
        if (failFast && failure.isPresent() && !(failure.get() instanceof BuildCancelledException)) {
            batchCancellation.cancel("entry '" + entry.name() + "' failed and the batch is fail-fast");
        }
        return new BatchEntryResult(entry.name(), entry.workDirectory(), built, failure,
                Duration.ofNanos(System.nanoTime() - start), events.stageDurations(), events.skippedStages());
    }

    private BuildOptions options(RealmfsBatch.Entry entry, EntryEvents events, BuildCancellation cancellation) {
        BuildOptions.Builder options = entry.options().toBuilder().cancellation(cancellation).listener(events);
        packageCacheDirectory.ifPresent(options::packageCacheDirectory);
        layerCacheDirectory.ifPresent(options::layerCacheDirectory);
        return options.build();
    }

    private void deliver(String name, BuildEvent event) {
        synchronized (listenerLock) {
            for (BatchListener listener : List.copyOf(liveListeners)) {
                try {
                    listener.onEvent(name, event);
                } catch (RuntimeException e) {
                    liveListeners.remove(listener);
                }
            }
        }
    }

    /** One entry's events: noted for its result, then passed on to the batch's listeners with its name. */
    private final class EntryEvents implements BuildListener {
        private final String name;
        // guarded by this: the build delivers its events one at a time, but on several threads
        private final Map<Stage, Duration> stageDurations = new EnumMap<>(Stage.class);
        private final Map<Stage, String> skippedStages = new EnumMap<>(Stage.class);

        EntryEvents(String name) {
            this.name = name;
        }

        @Override
        public void onEvent(BuildEvent event) {
            synchronized (this) {
                if (event instanceof BuildEvent.StageFinished finished) {
                    stageDurations.put(finished.stage(), finished.took());
                } else if (event instanceof BuildEvent.StageSkipped skipped) {
                    skippedStages.put(skipped.stage(), skipped.reason());
                }
            }
            deliver(name, event);
        }

        synchronized Map<Stage, Duration> stageDurations() {
            return Map.copyOf(stageDurations);
        }

        synchronized Map<Stage, String> skippedStages() {
            return Map.copyOf(skippedStages);
        }
    }

    private static final class BatchThreads implements ThreadFactory {
        private static final AtomicInteger BATCHES = new AtomicInteger();
        private final int batch = BATCHES.incrementAndGet();
        private final AtomicInteger threads = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "realmfs-batch-" + batch + "-" + threads.incrementAndGet());
            thread.setDaemon(false); // a build must clean up even if the embedder's main thread returns
            return thread;
        }
    }
}
