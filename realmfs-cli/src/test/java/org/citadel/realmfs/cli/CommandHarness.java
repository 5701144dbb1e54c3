package org.citadel.realmfs.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.CitadelHostKey;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsException;

/**
 * Runs the command against fakes: a host with a chosen directory and user, recipes that record what
 * was loaded, a runner that records what it was asked to build instead of building, and a builder
 * jar that is only a path.
 */
final class CommandHarness {
    static final String TEMPLATE = "# template for tests\nPACKAGES=\"\"\n";
    static final RealmfsBuild DEFAULT_IMAGE = RealmfsBuild.builder().packages("default-image-package").build();

    private final Path currentDirectory;
    private boolean root = true;
    private String stdin = "";
    private final Map<Path, RealmfsBuild> configs = new HashMap<>();
    private final Map<Path, RealmfsException> brokenConfigs = new HashMap<>();
    /** The public key the fake build reports for a RealmFS image that needs one on the host. */
    static final String FAKE_PUBLIC_KEY = "ab".repeat(32);
    private RuntimeException buildFailure;
    private List<BuildEvent> events = List.of();
    private BuilderJarLocator jarLocator;

    final List<Path> loadedConfigs = new ArrayList<>();
    /** Synchronized: the builds of a batch run on the batch's threads. */
    final List<BuildCall> builds = java.util.Collections.synchronizedList(new ArrayList<>());
    private java.util.function.Function<BuildCall, BuildResult> buildBehaviour;
    private final Map<Path, RuntimeException> failuresIn = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the runner was asked to build. */
    record BuildCall(RealmfsBuild recipe, Path workDirectory, BuildOptions options) {
    }

    /** The outcome of one run of the command. */
    record Result(int exitCode, String out, String err) {
    }

    CommandHarness(Path currentDirectory) {
        this.currentDirectory = currentDirectory;
        this.jarLocator = this::builderJar;
    }

    /** Where the fake command's jar is: never read, as the runner does not build. */
    Path builderJar() {
        return currentDirectory.resolve("dist/" + SelfHosting.JAR_NAME);
    }

    /** As when the command runs from a directory of classes (an IDE, unit tests), not from a jar. */
    CommandHarness runningFromClassesDirectory() {
        jarLocator = new RunningCommandJar(currentDirectory.resolve("target/classes"));
        return this;
    }

    CommandHarness notRoot() {
        root = false;
        return this;
    }

    CommandHarness stdin(String text) {
        stdin = text;
        return this;
    }

    /** Makes {@code load(file)} return {@code recipe}; the file itself must exist for the command to load it. */
    CommandHarness config(Path file, RealmfsBuild recipe) {
        configs.put(file, recipe);
        return this;
    }

    CommandHarness brokenConfig(Path file, RealmfsException error) {
        brokenConfigs.put(file, error);
        return this;
    }

    /** The events the fake build sends to the command's listeners, as the engine would. */
    CommandHarness buildEmits(BuildEvent... buildEvents) {
        events = List.of(buildEvents);
        return this;
    }

    CommandHarness buildFails(RuntimeException failure) {
        buildFailure = failure;
        return this;
    }

    /** Replaces what the fake build does once it has recorded the call and sent the events. */
    CommandHarness buildDoes(java.util.function.Function<BuildCall, BuildResult> behaviour) {
        buildBehaviour = behaviour;
        return this;
    }

    /** Makes the fake build in {@code workDirectory} fail with {@code failure}, the others succeed. */
    CommandHarness buildFailsIn(Path workDirectory, RuntimeException failure) {
        failuresIn.put(workDirectory, failure);
        return this;
    }

    BuildCall onlyBuild() {
        org.assertj.core.api.Assertions.assertThat(builds).hasSize(1);
        return builds.get(0);
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandEnvironment environment = new CommandEnvironment(
                new BufferedReader(new StringReader(stdin)),
                new PrintWriter(out),
                new PrintWriter(err),
                new FakeHost(),
                new FakeRecipes(),
                this::build,
                jarLocator);
        int exitCode = RealmfsBuilderCommand.execute(args, environment);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private BuildResult build(RealmfsBuild recipe, Path workDirectory, BuildOptions options) {
        BuildCall call = new BuildCall(recipe, workDirectory, options);
        builds.add(call);
        events.forEach(event -> options.listeners().forEach(listener -> listener.onEvent(event)));
        if (buildBehaviour != null) {
            return buildBehaviour.apply(call);
        }
        if (buildFailure != null) {
            throw buildFailure;
        }
        if (failuresIn.containsKey(workDirectory)) {
            throw failuresIn.get(workDirectory);
        }
        Map<Output, CitadelHostKey> hostKeys = new java.util.LinkedHashMap<>();
        options.outputs().stream().filter(o -> o instanceof RealmfsImageOutput image && image.needsHostKey())
                .forEach(o -> hostKeys.put(o, new CitadelHostKey(((RealmfsImageOutput) o).channel(), FAKE_PUBLIC_KEY)));
        return new BuildResult(workDirectory, Optional.empty(), workDirectory.resolve("build.log"), Map.of(),
                recipe.allPackages(), Map.of(), Duration.ofSeconds(42), hostKeys);
    }

    private final class FakeHost implements Host {
        @Override
        public Path currentDirectory() {
            return currentDirectory;
        }

        @Override
        public boolean isRoot() {
            return root;
        }

        @Override
        public boolean isTerminal() {
            return false;
        }
    }

    private final class FakeRecipes implements RecipeSource {
        @Override
        public RealmfsBuild load(Path buildConf) {
            loadedConfigs.add(buildConf);
            if (brokenConfigs.containsKey(buildConf)) {
                throw brokenConfigs.get(buildConf);
            }
            RealmfsBuild recipe = configs.get(buildConf);
            if (recipe == null) {
                throw new AssertionError("The test did not expect " + buildConf + " to be loaded");
            }
            return recipe;
        }

        @Override
        public RealmfsBuild defaultImage() {
            return DEFAULT_IMAGE;
        }

        @Override
        public String templateText() {
            return TEMPLATE;
        }
    }
}
