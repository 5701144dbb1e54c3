package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one entry of a {@link RealmfsBatch} ended: exactly one of {@code result} and {@code failure} is
 * present.
 *
 * @param took           from the entry's start to its end; zero for an entry cancelled before it started
 * @param stageDurations how long each stage that finished took, also for a build that failed later
 * @param skippedStages the stages the build skipped, each with the reason the engine gave (a cached
 *                      layer holds its result: the layers this build reused), in stage order
 */
public record BatchEntryResult(
        String name,
        Path workDirectory,
        Optional<BuildResult> result,
        Optional<RealmfsException> failure,
        Duration took,
        Map<Stage, Duration> stageDurations,
        Map<Stage, String> skippedStages) {

    /** How an entry ended. */
    public enum Outcome {
        BUILT, FAILED, CANCELLED;

        /** The word the JSON report and the command's summary use: "built", "failed", "cancelled". */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public BatchEntryResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(took, "took");
        if (result.isPresent() == failure.isPresent()) {
            throw new IllegalArgumentException("Entry '" + name + "' needs either a result or a failure, not "
                    + (result.isPresent() ? "both" : "neither"));
        }
        stageDurations = inStageOrder(stageDurations);
        skippedStages = inStageOrder(skippedStages);
    }

    /** Which layers a built entry restored and which it made ({@link BuildResult#layers()}); empty for a failed one. */
    public Optional<LayerUses> layers() {
        return result.map(BuildResult::layers);
    }

    public Outcome outcome() {
        if (result.isPresent()) {
            return Outcome.BUILT;
        }
        return failure.get() instanceof BuildCancelledException ? Outcome.CANCELLED : Outcome.FAILED;
    }

    private static <V> Map<Stage, V> inStageOrder(Map<Stage, V> values) {
        EnumMap<Stage, V> ordered = new EnumMap<>(Stage.class);
        ordered.putAll(values);
        return Collections.unmodifiableMap(ordered);
    }
}
