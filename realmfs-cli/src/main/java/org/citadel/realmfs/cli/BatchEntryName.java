package org.citadel.realmfs.cli;

import java.nio.file.Path;

/**
 * The name a config file's build has in a batch: the file's name without {@code .conf}, or, for a
 * file named {@code build.conf}, the name of its directory ({@code images/dev.conf} is "dev",
 * {@code media/build.conf} is "media").
 */
final class BatchEntryName {
    private static final String SUFFIX = ".conf";

    private BatchEntryName() {
    }

    static String of(Path configFile) {
        String file = configFile.getFileName().toString();
        if (file.equals(RecipeSelector.DEFAULT_CONFIG_NAME) && configFile.getParent() != null
                && configFile.getParent().getFileName() != null) {
            return configFile.getParent().getFileName().toString();
        }
        return file.endsWith(SUFFIX) && file.length() > SUFFIX.length()
                ? file.substring(0, file.length() - SUFFIX.length()) : file;
    }
}
