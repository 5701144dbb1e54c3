package org.citadel.realmfs.core.cache;

import java.nio.file.Path;

/** Writes a layer's tar to a file. */
@FunctionalInterface
public interface LayerWriter {
    WrittenTar writeTar(Path tarFile);
}
