package org.citadel.realmfs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import org.citadel.realmfs.api.BatchHandle;
import org.citadel.realmfs.api.BatchResult;
import org.citadel.realmfs.api.BuildCancellation;
import org.citadel.realmfs.api.BuildIoException;
import org.citadel.realmfs.api.RealmfsBatch;

/**
 * The command with several config files: builds them as one {@link RealmfsBatch}, shows each build's
 * progress with its name, and ends with the summary table, the failures and, if asked, the JSON report.
 */
final class BatchCommand {

    /** One config file's build: its name in the batch and what the confirmation shows. */
    record Entry(String name, BuildParameters parameters) {
    }

    private final CommandEnvironment environment;
    private final boolean verbose;

    BatchCommand(CommandEnvironment environment, boolean verbose) {
        this.environment = environment;
        this.verbose = verbose;
    }

    /**
     * @return the exit code: 0 if every build was built, 128 + n if signal n cancelled the batch, else 1
     * @throws org.citadel.realmfs.api.InvalidRecipeException when two builds have one name or work directory
     */
    int run(List<Entry> entries, OptionalInt parallelism, Path packageCache, Path layerCache, Optional<Path> report) {
        RealmfsBatch.Builder batch = RealmfsBatch.builder()
                .runner(environment.runner()::run)
                .packageCacheDirectory(packageCache)
                .layerCacheDirectory(layerCache);
        parallelism.ifPresent(batch::parallelism);
        Map<String, ProgressRenderer> renderers = new HashMap<>();
        for (Entry entry : entries) {
            batch.add(entry.name(), entry.parameters().recipe(), entry.parameters().workDirectory(),
                    entry.parameters().options());
            renderers.put(entry.name(), ProgressRenderer.forBatchEntry(entry.name(), environment.out(),
                    environment.err(), verbose));
        }
        // the batch delivers one event at a time, so the renderers share the streams without locking
        batch.listener((name, event) -> renderers.get(name).onEvent(event));
        RealmfsBatch built = batch.build();
        environment.out().println("Building " + entries.size() + " images, at most " + built.parallelism() + " at a time");
        environment.out().flush();
        BuildCancellation bySignal = new BuildCancellation();
        BatchResult result;
        OptionalInt signalExit;
        try (InterruptSignals signals = InterruptSignals.cancelling(bySignal)) {
            BatchHandle handle = built.start();
            try (BuildCancellation.Registration cancelling = bySignal.onCancel(
                    () -> handle.cancel(bySignal.reason().orElseThrow()))) {
                result = await(handle);
            }
            signalExit = signals.exitCode();
        }
        environment.out().print(BatchSummary.table(result));
        environment.out().flush();
        environment.err().print(BatchSummary.failures(result));
        environment.err().flush();
        report.ifPresent(file -> writeReport(file, result));
        if (signalExit.isPresent()) {
            return signalExit.getAsInt();
        }
        return result.allBuilt() ? ExitCodes.OK : ExitCodes.BUILD_FAILED;
    }

    private static BatchResult await(BatchHandle handle) {
        while (true) {
            try {
                return handle.result().get();
            } catch (InterruptedException e) {
                handle.cancel("the command was interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException("The batch failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private void writeReport(Path file, BatchResult result) {
        try {
            Files.writeString(file, result.toJson() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BuildIoException("Cannot write the batch report " + file, file, e);
        }
        environment.out().println("Report: " + file);
        environment.out().flush();
    }
}
