package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link RealmfsBatch} ended: one {@link BatchEntryResult} per entry, in the order they were
 * added (not the order they finished).
 *
 * @param took from the batch's start until its last entry ended
 */
public record BatchResult(List<BatchEntryResult> entries, Duration took) {

    public BatchResult {
        entries = List.copyOf(entries);
        Objects.requireNonNull(took, "took");
    }

    /** Whether every entry was built. */
    public boolean allBuilt() {
        return entries.stream().allMatch(e -> e.outcome() == BatchEntryResult.Outcome.BUILT);
    }

    /** The entries that were built, in order. */
    public List<BatchEntryResult> succeeded() {
        return withOutcome(BatchEntryResult.Outcome.BUILT);
    }

    /** The entries that failed or were cancelled, in order. */
    public List<BatchEntryResult> failed() {
        return entries.stream().filter(e -> e.outcome() != BatchEntryResult.Outcome.BUILT).toList();
    }

    public List<BatchEntryResult> withOutcome(BatchEntryResult.Outcome outcome) {
        return entries.stream().filter(e -> e.outcome() == outcome).toList();
    }

    /**
     * The batch as a JSON object (UTF-8 text, no trailing newline); README.md documents the schema.
     * Durations are whole milliseconds, paths absolute as the entries gave them, stages by their
     * {@link Stage} constant's name.
     */
    public String toJson() {
        JsonWriter json = new JsonWriter();
        json.open('{');
        json.field("took_ms").value(took.toMillis());
        json.field("built").value(withOutcome(BatchEntryResult.Outcome.BUILT).size());
        json.field("failed").value(withOutcome(BatchEntryResult.Outcome.FAILED).size());
        json.field("cancelled").value(withOutcome(BatchEntryResult.Outcome.CANCELLED).size());
        json.field("entries").open('[');
        entries.forEach(entry -> entry(json, entry));
        json.close(']');
        json.close('}');
        return json.toString();
    }

    private static void entry(JsonWriter json, BatchEntryResult entry) {
        json.element().open('{');
        json.field("name").value(entry.name());
        json.field("work_directory").value(entry.workDirectory().toString());
        json.field("outcome").value(entry.outcome().label());
        json.field("took_ms").value(entry.took().toMillis());
        json.field("stages_ms").open('{');
        entry.stageDurations().forEach((stage, took) -> json.field(stage.name()).value(took.toMillis()));
        json.close('}');
        json.field("skipped_stages").open('{');
        entry.skippedStages().forEach((stage, reason) -> json.field(stage.name()).value(reason));
        json.close('}');
        entry.result().ifPresent(result -> {
            json.field("layers").open('{');
            json.field("bootstrap").value(result.layers().bootstrap().name().toLowerCase(java.util.Locale.ROOT));
            json.field("packages").value(result.layers().packages().name().toLowerCase(java.util.Locale.ROOT));
            json.close('}');
            json.field("build_log").value(result.buildLog().toString());
            json.field("outputs").open('[');
            result.outputs().entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<Output, Path> written) -> written.getValue().toString()))
                    .forEach(written -> {
                        json.element().open('{');
                        json.field("kind").value(written.getKey().kind());
                        json.field("path").value(written.getValue().toString());
                        Path sbom = result.sbomFiles().get(written.getKey());
                        if (sbom != null) {
                            json.field("sbom").value(sbom.toString());
                        }
                        json.close('}');
                    });
            json.close(']');
        });
        entry.failure().ifPresent(failure -> failure(json, failure));
        json.close('}');
    }

    private static void failure(JsonWriter json, RealmfsException failure) {
        json.field("failure").open('{');
        json.field("type").value(failure.getClass().getSimpleName());
        if (failure instanceof BuildFailedException failed && failed.stage() != null) {
            json.field("stage").value(failed.stage().name());
        } else if (failure instanceof BuildCancelledException cancelled && cancelled.stage().isPresent()) {
            json.field("stage").value(cancelled.stage().get().name());
        }
        if (failure instanceof ModuleFailedException module) {
            json.field("module").value(module.moduleName());
            json.field("exit_code").value(module.exitCode());
        }
        json.field("message").value(String.valueOf(failure.getMessage()));
        if (failure instanceof BuildFailedException failed) {
            json.field("last_output").open('[');
            failed.lastOutput().forEach(line -> json.element().value(line));
            json.close(']');
        }
        json.close('}');
    }
}
