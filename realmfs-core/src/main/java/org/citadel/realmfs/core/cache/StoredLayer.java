package org.citadel.realmfs.core.cache;

import java.nio.file.Path;

/** A complete layer in a {@link LayerStore}: its directory, key and metadata. */
public record StoredLayer(Path directory, LayerKey key, LayerMetadata metadata) {
    static final String TAR = "layer.tar";
    static final String KEY = "key.txt";

    public Path tar() {
        return directory.resolve(TAR);
    }
}
