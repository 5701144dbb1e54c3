package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.output.tar.RestoreSummary;
import org.citadel.realmfs.core.output.tar.TarOmissions;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.citadel.realmfs.core.sandbox.Mounts;

/**
 * The layer cache as one build uses it: restores the deepest stored layer of the recipe's chain
 * before the build starts, and stores the layers the build made. Says what it reused, and why each
 * layer after it is rebuilt, as messages.
 */
public final class LayerCache {
    private static final Stage STAGE = Stage.BOOTSTRAP;

    private final Optional<LayerStore> store;
    private final LayerChain chain;
    private final long sizeLimitBytes;
    private final EventDispatcher events;

    private LayerCache(Optional<LayerStore> store, LayerChain chain, long sizeLimitBytes, EventDispatcher events) {
        this.store = store;
        this.chain = chain;
        this.sizeLimitBytes = sizeLimitBytes;
        this.events = events;
    }

    /** A cache that restores and stores nothing. */
    public static LayerCache disabled() {
        return new LayerCache(Optional.empty(), new LayerChain(List.of(), Optional.empty()), 0, null);
    }

    public static LayerCache of(LayerStore store, LayerChain chain, long sizeLimitBytes, EventDispatcher events) {
        return new LayerCache(Optional.of(store), chain, sizeLimitBytes, events);
    }

    /**
     * Restores into the empty {@code rootfs} the deepest layer of the chain that the store holds
     * whole. A damaged layer is reported, deleted, and the next shallower one tried.
     */
    public Optional<StoredLayer> restoreDeepest(Path rootfs) {
        if (store.isEmpty()) {
            return Optional.empty();
        }
        List<String> rebuilt = new ArrayList<>();
        Optional<StoredLayer> restored = Optional.empty();
        for (int i = chain.keys().size() - 1; i >= 0 && restored.isEmpty(); i--) {
            LayerKey key = chain.keys().get(i);
            Optional<OpenedLayer> opened;
            try {
                opened = store.get().openLayer(key);
            } catch (DamagedLayerException e) {
                damaged(e, rootfs, rebuilt, key);
                store.get().remove(e.layerDirectory());
                continue;
            }
            if (opened.isEmpty()) {
                rebuilt.add(0, "rebuilding the " + key.kind().label() + " layer: " + whyMissing(key));
                continue;
            }
            try (OpenedLayer layer = opened.get()) {
                restored = Optional.of(restore(layer, rootfs));
            } catch (DamagedLayerException e) {
                damaged(e, rootfs, rebuilt, key);
                store.get().removeDamaged(opened.get());
            }
        }
        rebuilt.forEach(reason -> events.message(STAGE, reason));
        chain.stopReason().ifPresent(reason -> events.message(STAGE, reason));
        return restored;
    }

    private void damaged(DamagedLayerException e, Path rootfs, List<String> rebuilt, LayerKey key) {
        events.warning(STAGE, e.getMessage() + "; deleting it");
        clearContents(rootfs);
        rebuilt.add(0, "rebuilding the " + key.kind().label() + " layer: its stored copy was damaged");
    }

    private StoredLayer restore(OpenedLayer opened, Path rootfs) {
        StoredLayer layer = opened.layer();
        long start = System.nanoTime();
        RestoreSummary summary = LayerTar.restore(opened, rootfs);
        store.get().markUsed(layer);
        events.message(STAGE, String.format("reused the %s layer %s: restored %d entries, %d MiB in %.1f s",
                layer.key().kind().label(), layer.key().shortDigest(), summary.entries(),
                layer.metadata().tarBytes() >> 20, seconds(start)));
        return layer;
    }

    private String whyMissing(LayerKey key) {
        return store.get().closestTo(key)
                .map(closest -> KeyChange.describe(closest, key))
                .orElse("no " + key.kind().label() + " layer in the cache yet");
    }

    /** Whether a layer of this kind is cached for this recipe (the chain may stop before it). */
    public boolean caches(LayerKind kind) {
        return store.isPresent() && chain.key(kind).isPresent();
    }

    /**
     * Stores the rootfs, as it is with nothing mounted in it, as the layer of this kind; then evicts
     * least recently used layers beyond the size limit. A failure to store is reported as a warning:
     * the build itself goes on.
     *
     * @param viewDirectory an empty directory outside the rootfs to view the rootfs from
     */
    public void store(LayerKind kind, Path rootfs, Mounts mounts, Path viewDirectory, LayerNotes notes) {
        if (!caches(kind)) {
            return;
        }
        LayerKey key = chain.key(kind).orElseThrow();
        long start = System.nanoTime();
        try (RootfsView view = RootfsView.open(mounts, rootfs, viewDirectory)) {
            TarOmissions omissions = new TarOmissions();
            StoredLayer layer = store.get().add(key, notes, tarFile -> LayerTar.write(view.path(), tarFile, omissions));
            events.message(kind.lastStage(), String.format("stored the %s layer %s: %d MiB in %.1f s",
                    kind.label(), key.shortDigest(), layer.metadata().tarBytes() >> 20, seconds(start)));
            // The view shows no mount of the build, so this names only what a module left: for the log.
            omissions.describe("The " + kind.label() + " layer " + key.shortDigest())
                    .ifPresent(text -> events.message(kind.lastStage(), text));
            for (Path evicted : store.get().evictBeyond(sizeLimitBytes, layer)) {
                events.message(kind.lastStage(), "evicted the least recently used layer " + evicted.getFileName()
                        + " (the cache is limited to " + (sizeLimitBytes >> 20) + " MiB)");
            }
        } catch (RealmfsException e) {
            events.warning(kind.lastStage(), "could not store the " + kind.label() + " layer: " + e.getMessage());
        }
    }

    private static void clearContents(Path rootfs) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(rootfs)) {
            for (Path child : children) {
                TreeRemover.removeTree(child);
            }
        } catch (IOException e) {
            throw HostFiles.ioFailure("empty, after a damaged layer,", rootfs, e);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
