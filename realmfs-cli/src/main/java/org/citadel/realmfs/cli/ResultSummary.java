package org.citadel.realmfs.cli;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.Stage;

/**
 * The few lines printed after a successful build: time per stage, what was written (each output with its
 * SBOM), where the log is.
 */
final class ResultSummary {
    private ResultSummary() {
    }

    static String describe(BuildResult result) {
        StringBuilder text = new StringBuilder();
        text.append("Build finished in ").append(Durations.format(result.totalDuration())).append('\n');
        for (Stage stage : Stage.values()) {
            if (result.stageDurations().containsKey(stage)) {
                text.append(String.format(Locale.ROOT, "  %-26s %s", stage.description() + ":",
                        Durations.format(result.stageDurations().get(stage)))).append('\n');
            }
        }
        result.outputs().entrySet().stream()
                .sorted(Comparator.comparing(written -> written.getValue().toString()))
                .forEach(written -> {
                    text.append("  ").append(written.getKey().kind()).append(": ").append(written.getValue()).append('\n');
                    Path sbom = result.sbomFiles().get(written.getKey());
                    if (sbom != null) {
                        text.append("    sbom: ").append(sbom).append('\n');
                    }
                });
        result.hostKeys().forEach((output, key) -> {
            text.append("  ").append(output.path().getFileName()).append(" is for the '").append(key.channel())
                    .append("' channel; the Citadel host needs in /etc/os-release:\n");
            key.osReleaseLines().forEach(line -> text.append("      ").append(line).append('\n'));
            text.append("    or on its kernel command line: ").append(key.kernelCommandLineArgument()).append('\n');
        });
        result.rootfs().ifPresent(rootfs -> text.append("  rootfs: ").append(rootfs).append('\n'));
        text.append("  build log: ").append(result.buildLog()).append('\n');
        return text.toString();
    }
}
