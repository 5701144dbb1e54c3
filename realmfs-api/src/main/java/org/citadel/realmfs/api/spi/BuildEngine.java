package org.citadel.realmfs.api.spi;

import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.citadel.realmfs.api.BuildHandle;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildPlan;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.RealmfsBuild;

/**
 * Plans and runs recipes. Implemented by realmfs-core and found with {@link java.util.ServiceLoader},
 * so the API module never depends on the engine. Embedders call {@link RealmfsBuild#plan},
 * {@link RealmfsBuild#start} and {@link RealmfsBuild#run} instead.
 */
public interface BuildEngine {
    /**
     * What {@link #run} will do with {@code recipe}: computed from the stages' own code, without
     * root, network or any change to the system.
     */
    BuildPlan plan(RealmfsBuild recipe);

    /**
     * Starts the build on a thread of its own and returns at once; every failure of the build,
     * those found before it starts included, fails the handle's result (see {@link BuildHandle}).
     */
    BuildHandle start(RealmfsBuild recipe, Path workDirectory, BuildOptions options);

    /** {@link #start} and waits: returns the result or throws what the build failed with, unwrapped. */
    default BuildResult run(RealmfsBuild recipe, Path workDirectory, BuildOptions options) {
        return awaitResult(start(recipe, workDirectory, options));
    }

    /**
     * Waits for {@code handle}'s result; a failure is thrown as the build threw it (the
     * {@link org.citadel.realmfs.api.RealmfsException}), not wrapped in a {@link CompletionException}.
     */
    static BuildResult awaitResult(BuildHandle handle) {
        try {
            return handle.result().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
