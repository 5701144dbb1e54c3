package org.citadel.realmfs.cli;

import java.nio.file.Path;

/** The facts about the machine the command needs; replaced by a fake in tests. */
public interface Host {

    /** The directory relative paths (config file, {@code -d}) are resolved against. */
    Path currentDirectory();

    /** Whether the process runs with an effective user id of 0. */
    boolean isRoot();

    /** Whether standard output is a terminal, so progress can be redrawn in place. */
    boolean isTerminal();
}
