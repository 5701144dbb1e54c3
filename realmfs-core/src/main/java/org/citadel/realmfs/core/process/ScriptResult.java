package org.citadel.realmfs.core.process;

/**
 * How one script of a {@link ShellSession} ended.
 *
 * @param exitCode the script's status; if the shell ended during the script (exit, {@code set -e},
 *                 a signal), the shell's exit code
 * @param shellEnded whether the shell ended during the script, so the session can run no more
 */
public record ScriptResult(String label, int exitCode, boolean shellEnded) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
