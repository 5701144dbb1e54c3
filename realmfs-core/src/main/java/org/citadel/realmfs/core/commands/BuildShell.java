package org.citadel.realmfs.core.commands;

import org.citadel.realmfs.core.process.ScriptResult;

/** A long-lived shell that runs scripts one after another (the modules' bash, see {@link BuildCommands#startShell}). */
public interface BuildShell extends AutoCloseable {

    /** Runs {@code bashCode} and waits until it ended and every line it printed was reported. */
    ScriptResult runScript(String label, String bashCode);

    /** Ends the shell and whatever its scripts left running. */
    @Override
    void close();
}
