package org.citadel.realmfs.core.process;

import org.citadel.realmfs.api.RealmfsException;

/** A command could not be started at all (as opposed to starting and failing). */
public class SpawnFailedException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    public SpawnFailedException(Command command, RuntimeException cause) {
        super("Cannot start '" + command.display() + "'"
                + command.root().map(root -> " chrooted into " + root).orElse(" on the host")
                + " in working directory " + command.workingDirectory() + ": " + cause.getMessage()
                + " (is it installed there, and executable?)", cause);
    }
}
