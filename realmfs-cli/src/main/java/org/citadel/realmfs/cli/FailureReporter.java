package org.citadel.realmfs.cli;

import java.io.PrintWriter;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsException;
import picocli.CommandLine;

/**
 * Turns what the command threw into one clear message on standard error and an exit code. The stack
 * trace only with {@code --debug}: the messages already say what was wrong and where.
 */
final class FailureReporter implements CommandLine.IExecutionExceptionHandler {
    static final String DEBUG_OPTION = "--debug";

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean debug = parseResult.hasMatchedOption(DEBUG_OPTION);
        err.println(RealmfsBuilderCommand.NAME + ": " + message(ex));
        if (debug) {
            ex.printStackTrace(err);
        } else if (isUnexpected(ex)) {
            err.println("Run again with " + DEBUG_OPTION + " to see where it happened.");
        }
        err.flush();
        return exitCode(ex);
    }

    static int exitCode(Exception ex) {
        if (ex instanceof UsageException || ex instanceof InvalidRecipeException) {
            return ExitCodes.USAGE;
        }
        if (ex instanceof HostRequirementException) {
            return ExitCodes.HOST_REQUIREMENT;
        }
        return ExitCodes.BUILD_FAILED;
    }

    private static boolean isUnexpected(Exception ex) {
        return !(ex instanceof RealmfsException || ex instanceof UsageException);
    }

    private static String message(Exception ex) {
        if (isUnexpected(ex) || ex.getMessage() == null) {
            return "internal error: " + ex;
        }
        return ex.getMessage();
    }
}
