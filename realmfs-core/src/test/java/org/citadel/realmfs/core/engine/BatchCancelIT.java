package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.citadel.realmfs.api.BatchEntryResult;
import org.citadel.realmfs.api.BatchEntryResult.Outcome;
import org.citadel.realmfs.api.BatchHandle;
import org.citadel.realmfs.api.BatchResult;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBatch;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real batches cancelled through their handle: one of three entries on the default base, two at a
 * time on an empty layer cache, while one entry runs debootstrap and the other waits for that entry's
 * bootstrap layer; one of two entries, one at a time, while the first writes a RealmFS image. Every
 * entry is cancelled (those not started before their first stage), and nothing of the builds is left:
 * no mount below a work directory, none of their processes, no partial file, no claim.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchCancelIT {
    static final List<String> NAMES = List.of("first", "second", "pending");

    private final Path temp;
    private final Map<String, List<BuildEvent>> events = new ConcurrentHashMap<>();
    private List<ProcessHandle> processes = List.of();

    BatchCancelIT() throws IOException {
        temp = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "realmfs-batch-cancel-it");
    }

    @AfterAll
    void removeTheTemporaryDirectory() {
        TreeRemover.removeTree(temp);
    }

    @Test
    void cancelWhileDebootstrapRunsCancelsEveryEntryAndLeavesNothing() throws Exception {
        RealmfsBatch.Builder batch = RealmfsBatch.builder().parallelism(2)
                .packageCacheDirectory(ItSupport.PACKAGE_CACHE)
                .layerCacheDirectory(temp.resolve("layers"));
        for (String name : NAMES) {
            batch.add(name, RealmfsBuild.builder().build(), work(name),
                    ItSupport.options().output(Output.tar(work(name).resolve("rootfs.tar"))).build());
        }

        BatchResult result = cancelWhen(batch, this::oneRunsDebootstrapAndTheOtherWaits, "debootstrap");

        assertThat(result.entries()).extracting(BatchEntryResult::name).containsExactlyElementsOf(NAMES);
        assertCancelled(result);
        assertThat(stageCancelledIn(result, "first")).contains(Stage.BOOTSTRAP);
        assertThat(stageCancelledIn(result, "second")).contains(Stage.BOOTSTRAP);
        assertCancelledBeforeItStarted(result, "pending");
        for (String name : NAMES) {
            assertNothingLeftIn(work(name));
            assertThat(work(name).resolve("rootfs.tar")).doesNotExist();
        }
        assertThat(temp.resolve("layers/claims")).as("no claim is left").isEmptyDirectory();
    }

    @Test
    void cancelWhileAnEntryWritesARealmfsImageRemovesItsPartialFiles() throws Exception {
        Path images = temp.resolve("images");
        RealmfsBatch.Builder batch = RealmfsBatch.builder().parallelism(1)
                .packageCacheDirectory(ItSupport.PACKAGE_CACHE)
                .layerCacheDirectory(temp.resolve("image-layers"))
                .add("image", RealmfsBuild.builder().build(), work("image"),
                        ItSupport.options().output(Output.realmfsImage(images)).build())
                .add("after-image", RealmfsBuild.builder().build(), work("after-image"),
                        ItSupport.options().output(Output.tar(work("after-image").resolve("rootfs.tar"))).build());
        List<Path> partialWhenCancelled = new CopyOnWriteArrayList<>();

        BatchResult result = cancelWhen(batch, () -> {
            if (!commandOutputIn("image", Stage.WRITE_OUTPUTS)) {
                return false;
            }
            partialWhenCancelled.addAll(ItSupport.partialFilesBelow(images));
            return !partialWhenCancelled.isEmpty();
        }, "xz"); // compressing the payload of the ext4 image written from its base

        assertThat(partialWhenCancelled).as("the image was being written").isNotEmpty();
        assertCancelled(result);
        assertThat(stageCancelledIn(result, "image")).contains(Stage.WRITE_OUTPUTS);
        assertCancelledBeforeItStarted(result, "after-image");
        assertNothingLeftIn(work("image"));
        assertThat(ItSupport.partialFilesBelow(images)).isEmpty();
        assertThat(images).as("no image, no hash tree").satisfiesAnyOf(
                directory -> assertThat(directory).doesNotExist(), directory -> assertThat(directory).isEmptyDirectory());
    }

    /**
     * Starts the batch, cancels it at the first event after which {@code when} holds while {@code command}
     * runs, and waits for its result. The processes are listed at that event, so a command that ends
     * right after it still counts as running when the batch was cancelled.
     */
    private BatchResult cancelWhen(RealmfsBatch.Builder batch, Condition when, String command) throws Exception {
        events.clear(); // each batch's entries are judged on their own events, not on an earlier test's
        CompletableFuture<List<ProcessHandle>> reached = new CompletableFuture<>();
        BatchHandle handle = batch.listener((name, event) -> {
            events.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(event);
            try {
                if (!reached.isDone() && when.holds()) {
                    List<ProcessHandle> running = ProcessHandle.current().descendants().toList();
                    if (running.stream().map(ItSupport::commandLine).anyMatch(line -> line.contains(command))) {
                        reached.complete(running);
                    }
                }
            } catch (IOException e) {
                reached.completeExceptionally(e);
            }
        }).build().start();
        handle.result().whenComplete((result, failure) -> reached.completeExceptionally(
                new AssertionError("the batch ended before it was cancelled while " + command + " ran", failure)));
        try {
            processes = reached.get(10, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            handle.cancel("the test timed out");
            fail("the batch did not reach the point to cancel it, with " + command + " running, within 10 minutes");
        }

        assertThat(handle.cancel("stopped by the test")).isTrue();
        BatchResult result = handle.result().get(5, TimeUnit.MINUTES);
        assertThat(ItSupport.awaitGone(processes)).as("processes of the builds still running").isEmpty();
        return result;
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void assertCancelled(BatchResult result) {
        assertThat(result.entries()).extracting(BatchEntryResult::outcome).containsOnly(Outcome.CANCELLED);
        for (BatchEntryResult entry : result.entries()) {
            assertThat(entry.failure().orElseThrow()).as(entry.name())
                    .isInstanceOf(BuildCancelledException.class).hasMessageContaining("stopped by the test");
        }
    }

    private void assertCancelledBeforeItStarted(BatchResult result, String name) {
        BatchEntryResult entry = entry(result, name);
        assertThat(stageCancelledIn(result, name)).isEmpty();
        assertThat(entry.failure().orElseThrow()).hasMessageContaining("before its first stage");
        assertThat(entry.took()).isZero();
        assertThat(events).as(name + " never started").doesNotContainKey(name);
    }

    private static void assertNothingLeftIn(Path work) throws IOException {
        assertThat(ItSupport.hostMountsIn(work)).as("mounts below " + work).isEmpty();
        assertThat(ItSupport.partialFilesBelow(work)).as("partial files below " + work).isEmpty();
    }

    private boolean commandOutputIn(String name, Stage stage) {
        return events.getOrDefault(name, List.of()).stream()
                .anyMatch(e -> e instanceof BuildEvent.CommandOutput output && output.stage() == stage);
    }

    private boolean oneRunsDebootstrapAndTheOtherWaits() {
        return events.entrySet().stream().anyMatch(entry -> runsDebootstrap(entry.getValue())
                && events.entrySet().stream().anyMatch(other -> other != entry && waitsForALayer(other.getValue())));
    }

    private static boolean runsDebootstrap(List<BuildEvent> events) {
        return events.stream().anyMatch(e -> e instanceof BuildEvent.CommandOutput output
                && output.stage() == Stage.BOOTSTRAP && output.line().startsWith("I: "));
    }

    private static boolean waitsForALayer(List<BuildEvent> events) {
        return events.stream().anyMatch(e -> e instanceof BuildEvent.Message message
                && message.text().matches("waiting for the bootstrap layer \\w{12} that another build is making"));
    }

    private static BatchEntryResult entry(BatchResult result, String name) {
        return result.entries().stream().filter(entry -> entry.name().equals(name)).findFirst().orElseThrow();
    }

    private static Optional<Stage> stageCancelledIn(BatchResult result, String name) {
        return entry(result, name).failure().map(BuildCancelledException.class::cast).orElseThrow().stage();
    }

    private Path work(String name) {
        return temp.resolve("work-" + name);
    }
}
