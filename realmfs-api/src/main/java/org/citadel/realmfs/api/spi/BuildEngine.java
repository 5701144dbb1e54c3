package org.citadel.realmfs.api.spi;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.RealmfsBuild;

/**
 * Runs recipes. Implemented by realmfs-core and found with {@link java.util.ServiceLoader}, so the API
 * module never depends on the engine. Embedders call {@link RealmfsBuild#run} instead.
 */
public interface BuildEngine {
    BuildResult run(RealmfsBuild recipe, Path workDirectory, BuildOptions options);
}
