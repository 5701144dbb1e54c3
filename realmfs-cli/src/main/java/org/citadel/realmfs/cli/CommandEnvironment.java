package org.citadel.realmfs.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Objects;
import org.citadel.realmfs.api.RealmfsBuild;

/**
 * Everything the command talks to: its standard streams, the host, where recipes come from, what
 * runs them, and where the builder's own jar is (for self-hosting). {@link #system()} is the real
 * one; tests pass fakes.
 */
public record CommandEnvironment(
        BufferedReader in,
        PrintWriter out,
        PrintWriter err,
        Host host,
        RecipeSource recipes,
        BuildRunner runner,
        BuilderJarLocator builderJar) {

    public CommandEnvironment {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(recipes, "recipes");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(builderJar, "builderJar");
    }

    /**
     * The process's standard streams, this machine, the build.conf loader, the engine and the jar
     * this command runs from.
     */
    public static CommandEnvironment system() {
        Charset charset = Charset.defaultCharset();
        return new CommandEnvironment(
                new BufferedReader(new InputStreamReader(System.in, charset)),
                new PrintWriter(System.out, true, charset),
                new PrintWriter(System.err, true, charset),
                new LocalHost(),
                new ShellConfigRecipes(),
                RealmfsBuild::run,
                RunningCommandJar.of(RealmfsBuilderCommand.class));
    }
}
