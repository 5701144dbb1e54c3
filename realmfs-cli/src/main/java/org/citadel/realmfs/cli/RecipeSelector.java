package org.citadel.realmfs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Chooses the recipe as the original builder did: the config file named on the command line, else
 * {@code ./build.conf} if there is one, else the default Citadel base image.
 */
final class RecipeSelector {
    static final String DEFAULT_CONFIG_NAME = "build.conf";

    private final RecipeSource recipes;
    private final Path currentDirectory;

    RecipeSelector(RecipeSource recipes, Path currentDirectory) {
        this.recipes = recipes;
        this.currentDirectory = currentDirectory;
    }

    /**
     * @param configArgument the config file as given on the command line, if any
     * @throws UsageException when a named config file is missing, not a file or not readable
     */
    SelectedRecipe select(Optional<Path> configArgument) {
        if (configArgument.isPresent()) {
            Path configFile = currentDirectory.resolve(configArgument.get()).normalize();
            requireReadableFile(configFile);
            return loaded(configFile);
        }
        Path defaultConfig = currentDirectory.resolve(DEFAULT_CONFIG_NAME);
        if (Files.exists(defaultConfig)) {
            requireReadableFile(defaultConfig);
            return loaded(defaultConfig);
        }
        return new SelectedRecipe(recipes.defaultImage(), Optional.empty());
    }

    private SelectedRecipe loaded(Path configFile) {
        return new SelectedRecipe(recipes.load(configFile), Optional.of(configFile));
    }

    private static void requireReadableFile(Path configFile) {
        if (!Files.exists(configFile)) {
            throw new UsageException("Config file " + configFile + " does not exist. Write one with"
                    + " 'realmfs-builder --new " + configFile.getFileName() + "', or give no config file to"
                    + " build the default Citadel base image.");
        }
        if (!Files.isRegularFile(configFile)) {
            throw new UsageException("Config file " + configFile + " is not a regular file");
        }
        if (!Files.isReadable(configFile)) {
            throw new UsageException("Config file " + configFile + " is not readable: check its permissions");
        }
    }
}
