package org.citadel.realmfs.core.cache;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Where a build starts in its layer chain so that each layer is made once however many builds need
 * it: at the deepest stored layer, holding the claim on the first missing one. While another build
 * holds that claim, this one waits (holding no claim, and not the cache's lock), then looks again:
 * the layer is there if the other build stored it; if it failed or was killed, the claim is free and
 * this build takes it.
 */
final class SingleFlight {
    /** The deepest stored layer (none: start from an empty rootfs), and the claim on the next one (none: the chain is complete). */
    record Start(Optional<StoredLayer> deepestStored, Optional<LayerClaim> claim) {
    }

    private record Found(int index, Optional<StoredLayer> layer) {
    }

    private final LayerStore store;
    private final List<LayerKey> keys;
    private final ClaimWait wait;
    private final BiConsumer<LayerKey, DamagedLayerException> damaged;

    /** @param damaged told of a layer whose metadata is not whole; it is then taken as missing */
    SingleFlight(LayerStore store, List<LayerKey> keys, ClaimWait wait, BiConsumer<LayerKey, DamagedLayerException> damaged) {
        this.store = store;
        this.keys = List.copyOf(keys);
        this.wait = wait;
        this.damaged = damaged;
    }

    Start start() {
        Set<LayerKey> awaited = new HashSet<>();
        while (true) {
            Found found = deepestStored();
            if (found.index() == keys.size() - 1) {
                return new Start(found.layer(), Optional.empty());
            }
            LayerKey missing = keys.get(found.index() + 1);
            Optional<LayerClaim> claim = store.tryClaim(missing);
            if (claim.isPresent()) {
                // Another build may have stored it, and released its claim, since the look above.
                if (deepestStored().index() == found.index()) {
                    return new Start(found.layer(), claim);
                }
                claim.get().close();
                continue;
            }
            if (awaited.add(missing)) {
                wait.waitingFor(missing);
            }
            wait.pause();
        }
    }

    private Found deepestStored() {
        for (int i = keys.size() - 1; i >= 0; i--) {
            try {
                Optional<StoredLayer> layer = store.find(keys.get(i));
                if (layer.isPresent()) {
                    return new Found(i, layer);
                }
            } catch (DamagedLayerException e) {
                damaged.accept(keys.get(i), e);
            }
        }
        return new Found(-1, Optional.empty());
    }
}
