package org.citadel.realmfs.cli;

import java.nio.file.Path;

/** Finds the realmfs-builder jar that self-hosting installs into an image; a fixed path in tests. */
@FunctionalInterface
public interface BuilderJarLocator {

    /**
     * @return the jar file
     * @throws UsageException when there is no jar to install (the command does not run from one)
     */
    Path locate();
}
