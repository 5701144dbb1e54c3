package org.citadel.realmfs.cli;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.RealmfsBuild;

/** Runs a recipe; {@link RealmfsBuild#run} in production, a recording fake in tests. */
@FunctionalInterface
public interface BuildRunner {
    BuildResult run(RealmfsBuild recipe, Path workDirectory, BuildOptions options);
}
