package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a finished build produced.
 *
 * @param rootfs the rootfs directory, when the options asked to keep it
 * @param outputs each written output, by the {@link Output} that asked for it, at its final path
 * @param stageDurations how long each stage that ran took
 */
public record BuildResult(
        Path workDirectory,
        Optional<Path> rootfs,
        Path buildLog,
        Map<Output, Path> outputs,
        List<String> installedPackages,
        Map<Stage, Duration> stageDurations,
        Duration totalDuration) {

    public BuildResult {
        outputs = Map.copyOf(outputs);
        installedPackages = List.copyOf(installedPackages);
        stageDurations = Map.copyOf(stageDurations);
    }
}
