package org.citadel.realmfs.core.cache;

import java.nio.file.Path;
import org.citadel.realmfs.api.RealmfsException;

/** A stored layer is incomplete or its content is not what was stored: it must be deleted, never used. */
public final class DamagedLayerException extends RealmfsException {
    private final Path layerDirectory;

    public DamagedLayerException(Path layerDirectory, String why) {
        super("The cached layer " + layerDirectory + " is damaged: " + why);
        this.layerDirectory = layerDirectory;
    }

    public Path layerDirectory() {
        return layerDirectory;
    }
}
