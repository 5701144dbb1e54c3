package org.citadel.realmfs.core.cache;

import java.nio.file.Path;

/**
 * A layer's tar written in a staging directory of a {@link LayerStore}, not yet checksummed nor
 * visible to other builds: {@link LayerStore#commit} makes it a stored layer, {@link LayerStore#discardStaged}
 * deletes it.
 */
public record StagedLayer(LayerKey key, Path directory, long entries) {
}
