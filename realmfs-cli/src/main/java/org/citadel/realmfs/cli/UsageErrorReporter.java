package org.citadel.realmfs.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Reports a bad command line in one line plus a pointer to --help, instead of the whole usage text. */
final class UsageErrorReporter implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println(RealmfsBuilderCommand.NAME + ": " + withoutPicocliPrefix(ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Run '" + RealmfsBuilderCommand.NAME + " --help' for the options.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static String withoutPicocliPrefix(String message) {
        return message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
    }
}
