package org.citadel.realmfs.api.spi;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildPlan;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.RealmfsBuild;

/**
 * Plans and runs recipes. Implemented by realmfs-core and found with {@link java.util.ServiceLoader},
 * so the API module never depends on the engine. Embedders call {@link RealmfsBuild#plan} and
 * {@link RealmfsBuild#run} instead.
 */
public interface BuildEngine {
    /**
     * What {@link #run} will do with {@code recipe}: computed from the stages' own code, without
     * root, network or any change to the system.
     */
    BuildPlan plan(RealmfsBuild recipe);

    BuildResult run(RealmfsBuild recipe, Path workDirectory, BuildOptions options);
}
