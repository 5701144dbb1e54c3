package org.citadel.realmfs.examples;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsException;

/**
 * Builds {@link HelloRealm} into a RealmFS image Citadel installs as it is
 * ({@code <workDir>/citadel-realmfs-dev-001.img}, signed with Citadel's development key, with its
 * dm-verity hash tree beside it), printing stage and module progress.
 * Usage: {@code java -jar realmfs-example.jar [workDir]} (default {@code ./realmfs-example}).
 */
public final class BuildExample {
    private BuildExample() {
    }

    public static void main(String[] args) {
        Path workDir = Path.of(args.length > 0 ? args[0] : "realmfs-example").toAbsolutePath();
        RealmfsBuild recipe = HelloRealm.recipe(workDir.resolve("files"));
        System.out.println(recipe.plan());
        BuildOptions options = options(workDir).listener(BuildExample::show).build();
        try {
            BuildResult result = recipe.run(workDir, options);
            result.outputs().values().forEach(p -> System.out.println("wrote " + p));
            System.out.printf("built in %.0f s, %d packages; log: %s%n",
                    result.totalDuration().toMillis() / 1000.0, result.installedPackages().size(), result.buildLog());
        } catch (RealmfsException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The example's options: the RealmFS image output into {@code workDir}. */
    public static BuildOptions.Builder options(Path workDir) {
        return BuildOptions.builder().output(Output.realmfsImage(workDir));
    }

    private static void show(BuildEvent event) {
        if (event instanceof BuildEvent.StageStarted e) {
            System.out.println("==> " + e.stage().description());
        } else if (event instanceof BuildEvent.ModuleStarted e) {
            System.out.println("  -> " + e.module());
        } else if (event instanceof BuildEvent.Progress e && e.done() == e.total()) {
            System.out.println("     " + e.what() + ": " + e.done() + "/" + e.total());
        } else if (event instanceof BuildEvent.Message e) {
            System.out.println("     " + e.text());
        } else if (event instanceof BuildEvent.OutputWritten e) {
            System.out.println("==> wrote " + e.kind() + " " + e.path());
        }
    }
}
