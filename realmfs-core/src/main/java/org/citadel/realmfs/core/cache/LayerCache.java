package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citadel.realmfs.api.BuildCancellation;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.LayerUse;
import org.citadel.realmfs.api.LayerUses;
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
 *
 * <p>Single flight ({@link SingleFlight}): the build holds the claim on the layer it is making, so
 * that builds needing the same layer wait for it and restore it instead of making it too. Closing
 * the cache releases the claim still held.
 */
public final class LayerCache implements AutoCloseable {
    private static final Stage STAGE = Stage.BOOTSTRAP;
    private static final long CLAIM_POLL_MILLIS = 200;

    private final Optional<LayerStore> store;
    private final LayerChain chain;
    private final long sizeLimitBytes;
    private final EventDispatcher events;
    private final Optional<BuildCancellation> cancellation;
    private volatile Optional<LayerClaim> claim = Optional.empty(); // taken on the sandbox thread, released on the caller's
    private Optional<LayerKind> restoredKind = Optional.empty();
    private final Set<LayerKind> stored = EnumSet.noneOf(LayerKind.class);

    private LayerCache(Optional<LayerStore> store, LayerChain chain, long sizeLimitBytes, EventDispatcher events,
                       Optional<BuildCancellation> cancellation) {
        this.store = store;
        this.chain = chain;
        this.sizeLimitBytes = sizeLimitBytes;
        this.events = events;
        this.cancellation = cancellation;
    }

    /** The store's directory, or empty when this build has no layer cache. */
    public Optional<Path> directory() {
        return store.map(LayerStore::directory);
    }

    /** The size the layers may take, beyond which the least recently used are deleted. */
    public long sizeLimitBytes() {
        return sizeLimitBytes;
    }

    /** A cache that restores and stores nothing. */
    public static LayerCache disabled() {
        return new LayerCache(Optional.empty(), new LayerChain(List.of(), Optional.empty()), 0, null, Optional.empty());
    }

    public static LayerCache of(LayerStore store, LayerChain chain, long sizeLimitBytes, EventDispatcher events) {
        return of(store, chain, sizeLimitBytes, events, Optional.empty());
    }

    /** @param cancellation ends a wait for a layer another build is making */
    public static LayerCache of(LayerStore store, LayerChain chain, long sizeLimitBytes, EventDispatcher events,
                                Optional<BuildCancellation> cancellation) {
        return new LayerCache(Optional.of(store), chain, sizeLimitBytes, events, cancellation);
    }

    /**
     * Restores into the empty {@code rootfs} the deepest layer of the chain that the store holds
     * whole, and claims the layer after it. A damaged layer is reported, deleted, and the next
     * shallower one tried. While another build makes the layer this one would make next, waits
     * for it (cancellable), and restores it if that build stores it.
     */
    public Optional<StoredLayer> restoreDeepest(Path rootfs) {
        if (store.isEmpty()) {
            return Optional.empty();
        }
        Set<LayerKey> damagedKeys = new HashSet<>();
        SingleFlight flight = new SingleFlight(store.get(), chain.keys(), claimWait(), (key, e) -> {
            damaged(e, rootfs, damagedKeys, key);
            store.get().remove(e.layerDirectory());
        });
        Optional<StoredLayer> restored = Optional.empty();
        while (true) {
            SingleFlight.Start start = flight.start();
            if (start.deepestStored().isEmpty()) {
                claim = start.claim();
                break;
            }
            restored = tryRestore(start.deepestStored().get(), rootfs, damagedKeys);
            if (restored.isPresent()) {
                claim = start.claim();
                break;
            }
            start.claim().ifPresent(LayerClaim::close); // damaged or evicted meanwhile: look again
        }
        restoredKind = restored.map(layer -> layer.key().kind());
        int first = restored.map(layer -> chain.keys().indexOf(layer.key()) + 1).orElse(0);
        for (LayerKey key : chain.keys().subList(first, chain.keys().size())) {
            events.message(STAGE, "rebuilding the " + key.kind().label() + " layer: "
                    + (damagedKeys.contains(key) ? "its stored copy was damaged" : whyMissing(key)));
        }
        chain.stopReason().ifPresent(reason -> events.message(STAGE, reason));
        return restored;
    }

    private Optional<StoredLayer> tryRestore(StoredLayer found, Path rootfs, Set<LayerKey> damagedKeys) {
        Optional<OpenedLayer> opened;
        try {
            opened = store.get().openLayer(found.key());
        } catch (DamagedLayerException e) {
            damaged(e, rootfs, damagedKeys, found.key());
            store.get().remove(e.layerDirectory());
            return Optional.empty();
        }
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (OpenedLayer layer = opened.get()) {
            return Optional.of(restore(layer, rootfs));
        } catch (DamagedLayerException e) {
            damaged(e, rootfs, damagedKeys, found.key());
            store.get().removeDamaged(opened.get());
            return Optional.empty();
        }
    }

    private ClaimWait claimWait() {
        return new ClaimWait() {
            @Override
            public void waitingFor(LayerKey key) {
                events.message(STAGE, "waiting for the " + key.kind().label() + " layer " + key.shortDigest()
                        + " that another build is making");
            }

            @Override
            public void pause() {
                cancellation.ifPresent(c -> c.throwIfCancelled(STAGE));
                try {
                    Thread.sleep(CLAIM_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BuildCancelledException(STAGE, "interrupted while waiting for a layer", e);
                }
                cancellation.ifPresent(c -> c.throwIfCancelled(STAGE));
            }
        };
    }

    private void damaged(DamagedLayerException e, Path rootfs, Set<LayerKey> damagedKeys, LayerKey key) {
        events.warning(STAGE, e.getMessage() + "; deleting it");
        clearContents(rootfs);
        damagedKeys.add(key);
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
     * the build itself goes on. Then moves the build's claim from this layer to the next of the chain
     * (taken only if free: a build never waits while it holds a claim).
     *
     * @param viewDirectory an empty directory outside the rootfs to view the rootfs from
     */
    public void store(LayerKind kind, Path rootfs, Mounts mounts, Path viewDirectory, LayerNotes notes) {
        if (!caches(kind)) {
            return;
        }
        try {
            storeLayer(kind, rootfs, mounts, viewDirectory, notes);
        } finally {
            claimAfter(kind);
        }
    }

    private void storeLayer(LayerKind kind, Path rootfs, Mounts mounts, Path viewDirectory, LayerNotes notes) {
        LayerKey key = chain.key(kind).orElseThrow();
        long start = System.nanoTime();
        try (RootfsView view = RootfsView.open(mounts, rootfs, viewDirectory)) {
            TarOmissions omissions = new TarOmissions();
            StoredLayer layer = store.get().add(key, notes, tarFile -> LayerTar.write(view.path(), tarFile, omissions));
            stored.add(kind);
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

    /** The build makes no layer of this kind (it could not be cached): builds waiting for it may make it. */
    public void abandon(LayerKind kind) {
        if (caches(kind)) {
            claimAfter(kind);
        }
    }

    /**
     * Takes the claim on the layer after {@code kind}, if no other build holds it, before releasing the
     * one held: a build waiting for {@code kind}'s claim finds the next claimed when it gets it.
     */
    private void claimAfter(LayerKind kind) {
        Optional<LayerClaim> held = claim;
        int index = chain.keys().indexOf(chain.key(kind).orElseThrow());
        Optional<LayerClaim> next = Optional.empty();
        try {
            if (index + 1 < chain.keys().size()) {
                LayerKey deeper = chain.keys().get(index + 1);
                next = store.get().tryClaim(deeper);
                if (next.isEmpty()) {
                    events.message(kind.lastStage(), "another build is making the " + deeper.kind().label() + " layer "
                            + deeper.shortDigest() + " too; this one makes it as well");
                }
            }
        } finally {
            claim = next;
            held.ifPresent(LayerClaim::close);
        }
    }

    /** What the build restored, and which layers it stored. */
    public LayerUses uses() {
        return new LayerUses(use(LayerKind.BOOTSTRAP), use(LayerKind.PACKAGES));
    }

    private LayerUse use(LayerKind kind) {
        if (restoredKind.isPresent() && restoredKind.get().compareTo(kind) >= 0) {
            return LayerUse.RESTORED;
        }
        return stored.contains(kind) ? LayerUse.BUILT : LayerUse.NONE;
    }

    /** Releases the claim the build still holds (it failed, or did not store its last layer). */
    @Override
    public void close() {
        Optional<LayerClaim> held = claim;
        claim = Optional.empty();
        held.ifPresent(LayerClaim::close);
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
