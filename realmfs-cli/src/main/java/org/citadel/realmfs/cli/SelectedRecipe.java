package org.citadel.realmfs.cli;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.citadel.realmfs.api.RealmfsBuild;

/**
 * The recipe a run builds and where it came from.
 *
 * @param configFile the build.conf it was loaded from, or empty for the default image
 */
public record SelectedRecipe(RealmfsBuild recipe, Optional<Path> configFile) {

    public SelectedRecipe {
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(configFile, "configFile");
    }

    /** Whether no config file was found, so the default Citadel base image is built. */
    public boolean isDefaultImage() {
        return configFile.isEmpty();
    }

    /** For the confirmation: the config file, or that the default image is built. */
    public String source() {
        return configFile.map(Path::toString).orElse("none: the default Citadel base image");
    }
}
