package org.citadel.realmfs.cli;

import java.nio.file.Path;
import org.citadel.realmfs.core.host.HostRequirements;

/** The machine this JVM runs on. */
final class LocalHost implements Host {
    private final Path currentDirectory;

    /** In the process's working directory. */
    LocalHost() {
        this(Path.of("").toAbsolutePath());
    }

    /** As if started in {@code currentDirectory}, for running the command in a test directory. */
    LocalHost(Path currentDirectory) {
        this.currentDirectory = currentDirectory.toAbsolutePath();
    }

    @Override
    public Path currentDirectory() {
        return currentDirectory;
    }

    @Override
    public boolean isRoot() {
        return HostRequirements.isRoot();
    }

    @Override
    public boolean isTerminal() {
        return System.console() != null;
    }
}
