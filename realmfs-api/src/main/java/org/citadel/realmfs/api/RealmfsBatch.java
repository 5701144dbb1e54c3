package org.citadel.realmfs.api;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Several builds run as one: at most {@link #parallelism()} at a time, each in its own work directory
 * and sandbox, all on one package cache and one layer cache, with one listener for all their events
 * and one {@link BatchResult} at the end.
 *
 * <pre>{@code
 * BatchResult result = RealmfsBatch.builder()
 *     .add("base", base, Path.of("/var/tmp/base"), BuildOptions.defaults())
 *     .add("dev", dev, Path.of("/var/tmp/dev"), BuildOptions.builder().output(new TarOutput(tar)).build())
 *     .packageCacheDirectory(Path.of("/var/cache/realmfs/packages"))
 *     .layerCacheDirectory(Path.of("/var/cache/realmfs/layers"))
 *     .listener((name, event) -> System.out.println(name + ": " + event))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Entries start in the order they were added. An entry that fails is named in the result with its
 * exception and the others go on, unless {@link Builder#failFast failFast}: then the first failure
 * cancels the others, which are reported as cancelled. Each entry's build gets its own
 * {@link BuildCancellation}; cancelling the batch cancels them all, and an entry's own cancellation,
 * if its options have one, still cancels that entry alone.
 */
public final class RealmfsBatch {
    /** What a build of the batch needs at most in memory: its rootfs on a tmpfs, and the engine. */
    static final long MEMORY_PER_BUILD = 2L << 30;

    private final List<Entry> entries;
    private final int parallelism;
    private final boolean failFast;
    private final List<BatchListener> listeners;
    private final Optional<Path> packageCacheDirectory;
    private final Optional<Path> layerCacheDirectory;
    private final EntryRunner runner;

    /** One build of the batch, as {@link Builder#add} was given it. */
    public record Entry(String name, RealmfsBuild recipe, Path workDirectory, BuildOptions options) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(recipe, "recipe");
            Objects.requireNonNull(workDirectory, "workDirectory");
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * What builds one entry; {@link RealmfsBuild#run} unless replaced with {@link Builder#runner} (to
     * wrap each build, or for tests without root).
     */
    @FunctionalInterface
    public interface EntryRunner {
        BuildResult run(RealmfsBuild recipe, Path workDirectory, BuildOptions options);
    }

    private RealmfsBatch(Builder b) {
        this.entries = List.copyOf(b.entries);
        this.parallelism = b.parallelism;
        this.failFast = b.failFast;
        this.listeners = List.copyOf(b.listeners);
        this.packageCacheDirectory = b.packageCacheDirectory;
        this.layerCacheDirectory = b.layerCacheDirectory;
        this.runner = b.runner;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The parallelism of a batch that does not set one: as many builds as the machine has cores, but
     * no more than half its physical memory holds at {@value #MEMORY_PER_BUILD} bytes (2 GiB) per build
     * (a rootfs on a tmpfs lives in memory), and at least one. Builds spend much of their time waiting
     * on downloads, dpkg's fsyncs and the disk, so one per core keeps the cores busy without
     * oversubscribing them. Half the physical memory, not the free memory: the kernel counts its page
     * cache as used, so the free memory of a machine that has been building is small but not short.
     */
    public static int defaultParallelism() {
        return parallelismFor(Runtime.getRuntime().availableProcessors(), physicalMemory());
    }

    static int parallelismFor(int cores, long physicalMemory) {
        return (int) Math.max(1, Math.min(cores, physicalMemory / 2 / MEMORY_PER_BUILD));
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Long.MAX_VALUE; // unknown: the cores decide
    }

    public List<Entry> entries() {
        return entries;
    }

    public int parallelism() {
        return parallelism;
    }

    public boolean failFast() {
        return failFast;
    }

    /** The package cache every entry uses, overriding its options'; empty: each entry's own. */
    public Optional<Path> packageCacheDirectory() {
        return packageCacheDirectory;
    }

    /** The layer cache every entry uses, overriding its options'; empty: each entry's own. */
    public Optional<Path> layerCacheDirectory() {
        return layerCacheDirectory;
    }

    /**
     * Runs the batch and waits for every entry to end. If the calling thread is interrupted, the batch
     * is cancelled, this still waits for the cleanup, and returns with the thread's interrupt flag set.
     *
     * @return the result of every entry; a failing entry does not make this throw
     */
    public BatchResult run() {
        BatchHandle handle = start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return handle.result().get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    handle.cancel("the thread running the batch was interrupted");
                } catch (ExecutionException e) {
                    // the entries' exceptions are in the result: only an Error of a runner or listener gets here
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("The batch failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the batch on its own threads ({@link #parallelism()} of them) and returns at once. */
    public BatchHandle start() {
        return new BatchRun(entries, parallelism, failFast, listeners, packageCacheDirectory, layerCacheDirectory,
                runner).start();
    }

    /** Builds a {@link RealmfsBatch}; {@link #build()} checks the entries against each other. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private int parallelism = defaultParallelism();
        private boolean failFast;
        private final List<BatchListener> listeners = new ArrayList<>();
        private Optional<Path> packageCacheDirectory = Optional.empty();
        private Optional<Path> layerCacheDirectory = Optional.empty();
        private EntryRunner runner = (recipe, workDirectory, options) -> recipe.run(workDirectory, options);

        private Builder() {
        }

        /**
         * Adds an entry, started after those added so far.
         *
         * @param name names the entry in events, the result and the report: letters, digits, {@code . _ -}
         */
        public Builder add(String name, RealmfsBuild recipe, Path workDirectory, BuildOptions options) {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
                throw new InvalidRecipeException("Batch entry name '" + name + "' is not a name: use 1 to 100"
                        + " letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
            entries.add(new Entry(name, recipe, Objects.requireNonNull(workDirectory, "workDirectory")
                    .toAbsolutePath().normalize(), options));
            return this;
        }

        /** How many entries build at the same time, at least 1; default {@link #defaultParallelism()}. */
        public Builder parallelism(int builds) {
            if (builds < 1) {
                throw new InvalidRecipeException("A batch's parallelism must be at least 1, not " + builds);
            }
            this.parallelism = builds;
            return this;
        }

        /** Whether the first entry that fails cancels all the others (default: they go on). */
        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /** Adds a listener for the events of every entry, told after the listeners added so far. */
        public Builder listener(BatchListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The package cache of every entry, replacing what the entries' options say; null: theirs. */
        public Builder packageCacheDirectory(Path directory) {
            this.packageCacheDirectory = Optional.ofNullable(directory).map(d -> d.toAbsolutePath().normalize());
            return this;
        }

        /** The layer cache of every entry, replacing what the entries' options say; null: theirs. */
        public Builder layerCacheDirectory(Path directory) {
            this.layerCacheDirectory = Optional.ofNullable(directory).map(d -> d.toAbsolutePath().normalize());
            return this;
        }

        /** Replaces what builds each entry (default {@link RealmfsBuild#run}). */
        public Builder runner(EntryRunner runner) {
            this.runner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /**
         * @throws InvalidRecipeException when there are no entries, or two entries have the same name or
         *                                the same work directory (naming both)
         */
        public RealmfsBatch build() {
            if (entries.isEmpty()) {
                throw new InvalidRecipeException("A batch needs at least one entry: add one with add(name, recipe,"
                        + " workDirectory, options)");
            }
            Map<String, Integer> names = new LinkedHashMap<>();
            Map<Path, Integer> workDirectories = new LinkedHashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                Integer sameName = names.putIfAbsent(entry.name(), i);
                if (sameName != null) {
                    throw new InvalidRecipeException("Batch entries " + (sameName + 1) + " and " + (i + 1)
                            + " are both named '" + entry.name() + "': give each entry its own name");
                }
                Integer sameDirectory = workDirectories.putIfAbsent(entry.workDirectory(), i);
                if (sameDirectory != null) {
                    throw new InvalidRecipeException("Batch entries '" + entries.get(sameDirectory).name() + "' and '"
                            + entry.name() + "' have the same work directory " + entry.workDirectory()
                            + ": give each entry its own (they may share the package and layer caches)");
                }
            }
            return new RealmfsBatch(this);
        }
    }
}
