package org.citadel.realmfs.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildPlan;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;

/**
 * The resolved parameters of a run, as the confirmation shows them before building.
 *
 * @param selfHosting how the builder is installed into the image, or empty when it is not
 */
record BuildParameters(SelectedRecipe selected, Optional<SelfHosting> selfHosting, Path workDirectory,
        BuildOptions options) {
    static final String ROOTFS_DIRECTORY = "rootfs";
    private static final int WIDTH = 100;
    private static final String LABEL_FORMAT = "  %-22s";

    BuildParameters {
        Objects.requireNonNull(selected, "selected");
        Objects.requireNonNull(selfHosting, "selfHosting");
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(options, "options");
    }

    Path rootfs() {
        return workDirectory.resolve(ROOTFS_DIRECTORY);
    }

    /** The recipe to build: the selected one, with the builder installed when self-hosting. */
    RealmfsBuild recipe() {
        return selfHosting.map(installation -> installation.addTo(selected.recipe())).orElse(selected.recipe());
    }

    String render() {
        BuildPlan plan = recipe().plan();
        StringBuilder text = new StringBuilder();
        field(text, "config file:", List.of(selected.source()));
        field(text, "release:", List.of(plan.release()));
        field(text, "mirror:", List.of(plan.mirror().map(URI::toString).orElse("the host's apt mirror")));
        field(text, "packages (" + plan.packages().size() + "):", plan.packages());
        field(text, "pre-install modules:", plan.preModules());
        field(text, "post-install modules:", plan.postModules());
        field(text, "self-hosting:", List.of(selfHosting.map(SelfHosting::describe).orElse("no")));
        field(text, "work directory:", List.of(workDirectory.toString()));
        field(text, "rootfs built on:", List.of(options.useTmpfs() ? "a tmpfs" : "the work directory's disk"));
        outputs(text);
        return text.toString();
    }

    private void outputs(StringBuilder text) {
        List<String> lines = new ArrayList<>();
        for (Output output : options.outputs()) {
            lines.add(output.kind() + " " + output.path());
        }
        if (options.keepRootfs()) {
            lines.add("rootfs directory " + rootfs() + (options.useTmpfs() ? " (stays mounted on its tmpfs)" : ""));
        }
        text.append(String.format(LABEL_FORMAT, "outputs:")).append(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            text.append(String.format(LABEL_FORMAT, "")).append(line).append('\n');
        }
    }

    /** Appends "label: words", wrapping the words under each other at {@value #WIDTH} columns. */
    private static void field(StringBuilder text, String label, List<String> words) {
        String indent = String.format(LABEL_FORMAT, "");
        StringBuilder line = new StringBuilder(String.format(LABEL_FORMAT, label));
        if (words.isEmpty()) {
            line.append("(none)");
        }
        boolean lineHasWords = false;
        for (String word : words) {
            if (lineHasWords && line.length() + 1 + word.length() > WIDTH) {
                text.append(line).append('\n');
                line = new StringBuilder(indent);
                lineHasWords = false;
            }
            line.append(lineHasWords ? " " : "").append(word);
            lineHasWords = true;
        }
        text.append(line).append('\n');
    }
}
