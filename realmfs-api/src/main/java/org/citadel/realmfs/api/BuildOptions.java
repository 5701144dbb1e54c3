package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a build (as opposed to what to build, which is the {@link RealmfsBuild}): where the
 * rootfs lives, what to keep, what to write, who listens.
 */
public final class BuildOptions {
    /** The layer cache's default size limit: 8 GiB. */
    public static final long DEFAULT_LAYER_CACHE_SIZE_LIMIT = 8L << 30;
    /** 9999-12-31T23:59:59Z: the latest source date epoch a 14-digit RealmFS header timestamp can say. */
    static final long MAX_SOURCE_DATE_EPOCH = 253402300799L;

    private final boolean useTmpfs;
    private final boolean keepRootfs;
    private final Optional<String> tmpfsSize;
    private final Optional<Path> packageCacheDirectory;
    private final List<Output> outputs;
    private final List<BuildListener> listeners;
    private final boolean useLayerCache;
    private final boolean clearLayerCache;
    private final Optional<Path> layerCacheDirectory;
    private final long layerCacheSizeLimit;
    private final Optional<BuildCancellation> cancellation;
    private final Optional<Instant> sourceDateEpoch;

    private BuildOptions(Builder b) {
        this.useTmpfs = b.useTmpfs;
        this.keepRootfs = b.keepRootfs;
        this.tmpfsSize = b.tmpfsSize;
        this.packageCacheDirectory = b.packageCacheDirectory;
        this.outputs = List.copyOf(b.outputs);
        this.listeners = List.copyOf(b.listeners);
        this.useLayerCache = b.useLayerCache;
        this.clearLayerCache = b.clearLayerCache;
        this.layerCacheDirectory = b.layerCacheDirectory;
        this.layerCacheSizeLimit = b.layerCacheSizeLimit;
        this.cancellation = b.cancellation;
        this.sourceDateEpoch = b.sourceDateEpoch;
    }

    /** Rootfs on a tmpfs, not kept, no outputs but the build log. */
    public static BuildOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.useTmpfs = useTmpfs;
        b.keepRootfs = keepRootfs;
        b.tmpfsSize = tmpfsSize;
        b.packageCacheDirectory = packageCacheDirectory;
        b.outputs.addAll(outputs);
        b.listeners.addAll(listeners);
        b.useLayerCache = useLayerCache;
        b.clearLayerCache = clearLayerCache;
        b.layerCacheDirectory = layerCacheDirectory;
        b.layerCacheSizeLimit = layerCacheSizeLimit;
        b.cancellation = cancellation;
        b.sourceDateEpoch = sourceDateEpoch;
        return b;
    }

    /** Whether the rootfs is built on a tmpfs (the default) instead of the work directory's disk. */
    public boolean useTmpfs() {
        return useTmpfs;
    }

    /**
     * Whether the rootfs directory {@code <workDir>/rootfs} stays after the build; without it the
     * rootfs is removed, on disk too. With a tmpfs, a build that completed leaves that tmpfs mounted
     * on the host (the one mount a build deliberately leaves behind); a build that was killed, failed
     * or was cancelled leaves none. The next build in the same work directory removes it.
     */
    public boolean keepRootfs() {
        return keepRootfs;
    }

    /** The tmpfs size as mount(8) takes it ("8G", "50%"); empty for the kernel's default. */
    public Optional<String> tmpfsSize() {
        return tmpfsSize;
    }

    /** Where downloaded packages are kept between builds; default {@code <workDir>/package-cache}. */
    public Optional<Path> packageCacheDirectory() {
        return packageCacheDirectory;
    }

    public List<Output> outputs() {
        return outputs;
    }

    public List<BuildListener> listeners() {
        return listeners;
    }

    /**
     * Whether this build restores and stores cached layers (the default): the bootstrapped tree, and
     * the tree after the pre-install modules and the package installation. A restored package layer
     * starts a new shell session for the post-install modules: variables and functions that
     * pre-install modules defined are not there (set them with the recipe's environment or shell
     * prelude instead).
     */
    public boolean useLayerCache() {
        return useLayerCache;
    }

    /** Whether every cached layer is deleted before this build starts. */
    public boolean clearLayerCache() {
        return clearLayerCache;
    }

    /** Where the layers are kept, possibly shared by several work directories; default {@code <workDir>/layer-cache}. */
    public Optional<Path> layerCacheDirectory() {
        return layerCacheDirectory;
    }

    /** The most bytes the cached layers may take; beyond it, the least recently used ones are deleted. */
    public long layerCacheSizeLimit() {
        return layerCacheSizeLimit;
    }

    /** What can cancel the build from another thread; empty if nothing can. */
    public Optional<BuildCancellation> cancellation() {
        return cancellation;
    }

    /**
     * The time the build says its files were made (reproducible-builds.org's {@code SOURCE_DATE_EPOCH}):
     * every newer timestamp in the rootfs is clamped to it, and the ext4 image's, the tar's and the
     * RealmFS header's times are it. Empty (the default): the process's {@code SOURCE_DATE_EPOCH}
     * environment variable when set, else the {@code Date} of the release's {@code InRelease} file, so
     * that the same recipe and archive state give the same bytes.
     */
    public Optional<Instant> sourceDateEpoch() {
        return sourceDateEpoch;
    }

    public static final class Builder {
        private boolean useTmpfs = true;
        private boolean keepRootfs;
        private Optional<String> tmpfsSize = Optional.empty();
        private Optional<Path> packageCacheDirectory = Optional.empty();
        private final List<Output> outputs = new ArrayList<>();
        private final List<BuildListener> listeners = new ArrayList<>();
        private boolean useLayerCache = true;
        private boolean clearLayerCache;
        private Optional<Path> layerCacheDirectory = Optional.empty();
        private long layerCacheSizeLimit = DEFAULT_LAYER_CACHE_SIZE_LIMIT;
        private Optional<BuildCancellation> cancellation = Optional.empty();
        private Optional<Instant> sourceDateEpoch = Optional.empty();

        private Builder() {
        }

        public Builder useTmpfs(boolean useTmpfs) {
            this.useTmpfs = useTmpfs;
            return this;
        }

        public Builder keepRootfs(boolean keepRootfs) {
            this.keepRootfs = keepRootfs;
            return this;
        }

        public Builder tmpfsSize(String size) {
            if (size != null && !size.matches("[0-9]+[kKmMgG%]?")) {
                throw new InvalidRecipeException("tmpfs size '" + size + "' is not a size such as 8G, 512M or 50%");
            }
            this.tmpfsSize = Optional.ofNullable(size);
            return this;
        }

        public Builder packageCacheDirectory(Path directory) {
            this.packageCacheDirectory = Optional.ofNullable(directory);
            return this;
        }

        /** Adds an output, written after the outputs added so far. */
        public Builder output(Output output) {
            outputs.add(Objects.requireNonNull(output, "output"));
            return this;
        }

        /** Adds a listener, told of each event after the listeners added so far (see {@link BuildListener}). */
        public Builder listener(BuildListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder useLayerCache(boolean useLayerCache) {
            this.useLayerCache = useLayerCache;
            return this;
        }

        public Builder clearLayerCache(boolean clearLayerCache) {
            this.clearLayerCache = clearLayerCache;
            return this;
        }

        public Builder layerCacheDirectory(Path directory) {
            this.layerCacheDirectory = Optional.ofNullable(directory);
            return this;
        }

        /** The most bytes the cached layers may take; at least 1 MiB. */
        public Builder layerCacheSizeLimit(long bytes) {
            if (bytes < (1L << 20)) {
                throw new InvalidRecipeException("The layer cache size limit " + bytes
                        + " bytes is below the least allowed, 1 MiB; give a size such as 8 GiB (8L << 30)");
            }
            this.layerCacheSizeLimit = bytes;
            return this;
        }

        /** Sets (replaces) what can cancel the build; null for nothing. */
        public Builder cancellation(BuildCancellation cancellation) {
            this.cancellation = Optional.ofNullable(cancellation);
            return this;
        }

        /**
         * Sets the time the build's files are dated (see {@link BuildOptions#sourceDateEpoch()}), in whole
         * seconds from 1970 to 9999; null for the default.
         */
        public Builder sourceDateEpoch(Instant epoch) {
            if (epoch != null && (epoch.getNano() != 0 || epoch.getEpochSecond() < 0
                    || epoch.getEpochSecond() > MAX_SOURCE_DATE_EPOCH)) {
                throw new InvalidRecipeException("The source date epoch " + epoch + " is not a whole second"
                        + " between 1970-01-01 and 9999-12-31: give whole seconds since 1970, as SOURCE_DATE_EPOCH has");
            }
            this.sourceDateEpoch = Optional.ofNullable(epoch);
            return this;
        }

        public BuildOptions build() {
            return new BuildOptions(this);
        }
    }
}
