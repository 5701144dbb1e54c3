package org.citadel.realmfs.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * Runs the real command with real builds, as the integration tests do: its downloads go to the
 * package cache all integration tests share; nothing else differs from a user's run.
 */
final class RealCommand {
    static final Path PACKAGE_CACHE = Path.of(System.getProperty("java.io.tmpdir"), "realmfs-it-package-cache");

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {
        String transcript() {
            return "exit code " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private RealCommand() {
    }

    static Run run(Path currentDirectory, BuilderJarLocator jar, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = RealmfsBuilderCommand.execute(args,
                environment(currentDirectory, jar, new PrintWriter(out, true), new PrintWriter(err, true)));
        return new Run(exitCode, out.toString(), err.toString());
    }

    /**
     * The command in a JVM of its own, for tests that send it signals: arguments are the current
     * directory, then the command's; it prints on the JVM's standard streams and exits as the command.
     */
    public static void main(String[] args) {
        Path currentDirectory = Path.of(args[0]);
        String[] commandArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
        System.exit(RealmfsBuilderCommand.execute(commandArgs, environment(currentDirectory,
                RunningCommandJar.of(RealmfsBuilderCommand.class),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true))));
    }

    private static CommandEnvironment environment(Path currentDirectory, BuilderJarLocator jar, PrintWriter out,
                                                  PrintWriter err) {
        return new CommandEnvironment(
                new BufferedReader(new StringReader("")),
                out,
                err,
                new LocalHost(currentDirectory),
                new ShellConfigRecipes(),
                (recipe, workDirectory, options) -> recipe.run(workDirectory,
                        options.toBuilder().packageCacheDirectory(PACKAGE_CACHE).build()),
                jar);
    }
}
