package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a finished build produced.
 *
 * @param rootfs the rootfs directory, when the options asked to keep it
 * @param outputs each written output, by the {@link Output} that asked for it, at its final path
 * @param stageDurations how long each stage that ran took
 * @param hostKeys       for each RealmFS image of a channel other than {@code dev}: the key configuration a
 *                       Citadel host needs to activate it
 * @param layers         which layers the build restored from the layer cache, and which it made
 * @param sbom           what the built rootfs holds and where it came from (empty only for results made
 *                       without one, such as test doubles)
 * @param sbomFiles      for each written output, its SBOM file beside it ({@code OUTPUT.cdx.json})
 */
public record BuildResult(
        Path workDirectory,
        Optional<Path> rootfs,
        Path buildLog,
        Map<Output, Path> outputs,
        List<String> installedPackages,
        Map<Stage, Duration> stageDurations,
        Duration totalDuration,
        Map<Output, CitadelHostKey> hostKeys,
        LayerUses layers,
        Optional<Sbom> sbom,
        Map<Output, Path> sbomFiles) {

    public BuildResult {
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(sbom, "sbom");
        sbomFiles = Map.copyOf(sbomFiles);
        outputs = Map.copyOf(outputs);
        hostKeys = Map.copyOf(hostKeys);
        installedPackages = List.copyOf(installedPackages);
        stageDurations = Map.copyOf(stageDurations);
    }

    /** A result without an SBOM. */
    public BuildResult(Path workDirectory, Optional<Path> rootfs, Path buildLog, Map<Output, Path> outputs,
                       List<String> installedPackages, Map<Stage, Duration> stageDurations, Duration totalDuration,
                       Map<Output, CitadelHostKey> hostKeys, LayerUses layers) {
        this(workDirectory, rootfs, buildLog, outputs, installedPackages, stageDurations, totalDuration, hostKeys,
                layers, Optional.empty(), Map.of());
    }

    /** A result that used no layer of the layer cache. */
    public BuildResult(Path workDirectory, Optional<Path> rootfs, Path buildLog, Map<Output, Path> outputs,
                       List<String> installedPackages, Map<Stage, Duration> stageDurations, Duration totalDuration,
                       Map<Output, CitadelHostKey> hostKeys) {
        this(workDirectory, rootfs, buildLog, outputs, installedPackages, stageDurations, totalDuration, hostKeys,
                LayerUses.NONE);
    }

    /** A result with no host key to configure. */
    public BuildResult(Path workDirectory, Optional<Path> rootfs, Path buildLog, Map<Output, Path> outputs,
                       List<String> installedPackages, Map<Stage, Duration> stageDurations, Duration totalDuration) {
        this(workDirectory, rootfs, buildLog, outputs, installedPackages, stageDurations, totalDuration, Map.of());
    }
}
