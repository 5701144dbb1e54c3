package org.citadel.realmfs.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What a recipe will do, resolved and in order, computed without root, network or any change to the
 * system: for reading, printing and asserting on in unit tests. Made by the engine
 * ({@link RealmfsBuild#plan()}), from the same code that runs the stages, so its steps are the
 * commands, mounts and files the build will take (the outputs are the options', not the recipe's,
 * and are not part of it).
 *
 * @param mirror the recipe's mirror, or empty when the build will use the host's apt mirror
 * @param packages base and extra packages, deduplicated, in the order apt-get will get them
 */
public record BuildPlan(
        String release,
        Optional<URI> mirror,
        String variant,
        List<String> bootstrapIncludes,
        List<String> packages,
        List<String> preModules,
        List<String> postModules,
        List<PlannedStep> steps) {

    public BuildPlan {
        bootstrapIncludes = List.copyOf(bootstrapIncludes);
        packages = List.copyOf(packages);
        preModules = List.copyOf(preModules);
        postModules = List.copyOf(postModules);
        steps = List.copyOf(steps);
    }

    /** The steps of {@code stage}, in order. */
    public List<PlannedStep> steps(Stage stage) {
        return steps.stream().filter(step -> step.stage() == stage).toList();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("release:  ").append(release).append('\n');
        s.append("mirror:   ").append(mirror.map(URI::toString).orElse("(the host's apt mirror)")).append('\n');
        s.append("variant:  ").append(variant).append(", include ").append(String.join(",", bootstrapIncludes)).append('\n');
        s.append("packages: ").append(String.join(" ", packages)).append('\n');
        s.append("pre-install modules:  ").append(String.join(" ", preModules)).append('\n');
        s.append("post-install modules: ").append(String.join(" ", postModules)).append('\n');
        for (PlannedStep step : steps) {
            s.append("  ").append(step).append('\n');
        }
        return s.toString();
    }
}
