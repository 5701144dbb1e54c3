package org.citadel.realmfs.api;

import java.util.List;

/** The outcome of a command run by a Java module: exit code and the lines it printed. */
public record CommandResult(List<String> command, int exitCode, List<String> output) {

    public CommandResult {
        command = List.copyOf(command);
        output = List.copyOf(output);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Throws unless the command exited with 0. */
    public CommandResult requireSuccess() {
        if (exitCode != 0) {
            int from = Math.max(0, output.size() - 20);
            throw new RealmfsException("Command " + command + " exited with " + exitCode
                    + (output.isEmpty() ? "" : ":\n  " + String.join("\n  ", output.subList(from, output.size()))));
        }
        return this;
    }
}
