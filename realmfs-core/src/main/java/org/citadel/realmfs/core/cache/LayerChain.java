package org.citadel.realmfs.core.cache;

import java.util.List;
import java.util.Optional;

/**
 * The layers a recipe can be cached as, shallowest first, each with its key; and, when the chain
 * stops before the deepest layer, why (a Java module without a cache key, say).
 */
public record LayerChain(List<LayerKey> keys, Optional<String> stopReason) {

    public LayerChain {
        keys = List.copyOf(keys);
    }

    public Optional<LayerKey> key(LayerKind kind) {
        return keys.stream().filter(k -> k.kind() == kind).findFirst();
    }
}
