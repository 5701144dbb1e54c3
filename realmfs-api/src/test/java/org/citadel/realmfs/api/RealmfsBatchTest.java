package org.citadel.realmfs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.citadel.realmfs.api.BatchEntryResult.Outcome;
import org.junit.jupiter.api.Test;

/** The batch's scheduling, on a fake runner that needs no root: what runs when, and what is reported. */
class RealmfsBatchTest {
    private static final RealmfsBuild RECIPE = RealmfsBuild.builder().build();
    private static final Path WORK = Path.of("/var/tmp/batch-test");

    private final List<String> started = Collections.synchronizedList(new ArrayList<>());

    private BuildResult built(Path workDirectory) {
        return new BuildResult(workDirectory, Optional.empty(), workDirectory.resolve("build.log"), Map.of(),
                List.of(), Map.of(Stage.BOOTSTRAP, Duration.ofMillis(5)), Duration.ofMillis(7));
    }

    private static String nameOf(Path workDirectory) {
        return workDirectory.getFileName().toString();
    }

    private RealmfsBatch.Builder batchOf(RealmfsBatch.EntryRunner runner, String... names) {
        RealmfsBatch.Builder batch = RealmfsBatch.builder().runner((recipe, workDirectory, options) -> {
            started.add(nameOf(workDirectory));
            return runner.run(recipe, workDirectory, options);
        });
        for (String name : names) {
            batch.add(name, RECIPE, WORK.resolve(name), BuildOptions.defaults());
        }
        return batch;
    }

    /** Waits until the build's cancellation is cancelled, then fails as a cancelled build does. */
    private static BuildResult untilCancelled(BuildOptions options) {
        BuildCancellation cancellation = options.cancellation().orElseThrow();
        CountDownLatch cancelled = new CountDownLatch(1);
        cancellation.onCancel(cancelled::countDown);
        try {
            assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("cancelled within 10 s").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new BuildCancelledException(Stage.INSTALL_PACKAGES, cancellation.reason().orElseThrow(), null);
    }

    @Test
    void neverRunsMoreBuildsAtOnceThanItsParallelismAndReachesIt() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoRunning = new CountDownLatch(2);

        BatchResult result = batchOf((recipe, workDirectory, options) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            twoRunning.countDown();
            try {
                twoRunning.await(5, TimeUnit.SECONDS);
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            running.decrementAndGet();
            return built(workDirectory);
        }, "a", "b", "c", "d", "e", "f").parallelism(2).build().run();

        assertThat(most.get()).isEqualTo(2);
        assertThat(result.succeeded()).hasSize(6);
    }

    @Test
    void reportsTheEntriesInTheOrderTheyWereAddedNotTheOrderTheyFinished() {
        BatchResult result = batchOf((recipe, workDirectory, options) -> {
            sleep(nameOf(workDirectory).equals("first") ? 200 : 0);
            return built(workDirectory);
        }, "first", "second", "third").parallelism(3).build().run();

        assertThat(result.entries()).extracting(BatchEntryResult::name).containsExactly("first", "second", "third");
        assertThat(result.entries().get(0).took()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(result.entries().get(0).result().orElseThrow().workDirectory()).isEqualTo(WORK.resolve("first"));
    }

    @Test
    void aFailingEntryIsNamedWithItsExceptionAndTheOthersAreBuilt() {
        ModuleFailedException broken = new ModuleFailedException(Stage.POST_INSTALL_MODULES, "break-it", 1,
                List.of("about to fail"));

        BatchResult result = batchOf((recipe, workDirectory, options) -> {
            if (nameOf(workDirectory).equals("b")) {
                throw broken;
            }
            return built(workDirectory);
        }, "a", "b", "c").parallelism(1).build().run();

        assertThat(result.succeeded()).extracting(BatchEntryResult::name).containsExactly("a", "c");
        assertThat(result.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.name()).isEqualTo("b");
            assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(failed.failure()).containsSame(broken);
        });
        assertThat(result.allBuilt()).isFalse();
    }

    @Test
    void failFastCancelsTheRunningEntriesAndNeverStartsThePendingOnes() {
        CountDownLatch slowStarted = new CountDownLatch(1);

        BatchResult result = batchOf((recipe, workDirectory, options) -> {
            switch (nameOf(workDirectory)) {
                case "slow" -> {
                    slowStarted.countDown();
                    return untilCancelled(options);
                }
                case "broken" -> {
                    await(slowStarted);
                    throw new BuildFailedException(Stage.INSTALL_PACKAGES, "apt-get failed", List.of());
                }
                default -> {
                    return built(workDirectory);
                }
            }
        }, "slow", "broken", "pending").parallelism(2).failFast(true).build().run();

        assertThat(result.entries()).extracting(BatchEntryResult::outcome)
                .containsExactly(Outcome.CANCELLED, Outcome.FAILED, Outcome.CANCELLED);
        assertThat(started).containsExactlyInAnyOrder("slow", "broken");
        assertThat(result.entries().get(2).failure().orElseThrow().getMessage()).contains("entry 'broken' failed");
        assertThat(result.entries().get(2).took()).isZero();
    }

    @Test
    void withoutFailFastAFailureCancelsNothing() {
        BatchResult result = batchOf((recipe, workDirectory, options) -> {
            if (nameOf(workDirectory).equals("a")) {
                throw new BuildFailedException(Stage.BOOTSTRAP, "debootstrap failed", List.of());
            }
            assertThat(options.cancellation().orElseThrow().isCancelled()).isFalse();
            return built(workDirectory);
        }, "a", "b", "c").parallelism(1).build().run();

        assertThat(result.entries()).extracting(BatchEntryResult::outcome)
                .containsExactly(Outcome.FAILED, Outcome.BUILT, Outcome.BUILT);
    }

    @Test
    void cancellingTheHandleCancelsTheRunningEntryAndEveryPendingOne() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        BatchHandle handle = batchOf((recipe, workDirectory, options) -> {
            running.countDown();
            return untilCancelled(options);
        }, "a", "b", "c").parallelism(1).build().start();
        await(running);

        assertThat(handle.cancel("stopped by the user")).isTrue();
        BatchResult result = handle.result().get(10, TimeUnit.SECONDS);

        assertThat(result.entries()).extracting(BatchEntryResult::outcome).containsOnly(Outcome.CANCELLED);
        assertThat(result.entries()).allSatisfy(entry ->
                assertThat(((BuildCancelledException) entry.failure().orElseThrow()).reason())
                        .isEqualTo("stopped by the user"));
        assertThat(started).containsExactly("a");
        assertThat(handle.cancel("again")).isFalse();
    }

    @Test
    void anEntrysOwnCancellationCancelsThatEntryOnly() {
        BuildCancellation own = new BuildCancellation();
        BatchResult result = RealmfsBatch.builder()
                .runner((recipe, workDirectory, options) -> {
                    if (nameOf(workDirectory).equals("own")) {
                        return untilCancelled(options);
                    }
                    own.cancel("this entry only");
                    return built(workDirectory);
                })
                .add("own", RECIPE, WORK.resolve("own"), BuildOptions.builder().cancellation(own).build())
                .add("other", RECIPE, WORK.resolve("other"), BuildOptions.defaults())
                .parallelism(2)
                .build().run();

        assertThat(result.entries()).extracting(BatchEntryResult::outcome)
                .containsExactly(Outcome.CANCELLED, Outcome.BUILT);
    }

    @Test
    void theListenerHearsEveryEntrysEventsWithItsNameOneAtATime() {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inListener = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();

        BatchResult result = batchOf((recipe, workDirectory, options) -> {
            for (int i = 0; i < 50; i++) {
                BuildEvent event = new BuildEvent.Message(Stage.BOOTSTRAP, "line " + i);
                options.listeners().forEach(listener -> listener.onEvent(event));
            }
            options.listeners().forEach(listener -> listener.onEvent(new BuildEvent.StageSkipped(Stage.BOOTSTRAP,
                    "the cached bootstrap layer 1234 holds its result")));
            options.listeners().forEach(listener -> listener.onEvent(
                    new BuildEvent.StageFinished(Stage.INSTALL_PACKAGES, Duration.ofMillis(42))));
            return new BuildResult(workDirectory, Optional.empty(), workDirectory.resolve("build.log"), Map.of(),
                    List.of(), Map.of(), Duration.ofMillis(7), Map.of(), new LayerUses(LayerUse.RESTORED, LayerUse.BUILT));
        }, "a", "b").parallelism(2).listener((name, event) -> {
            if (inListener.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (event instanceof BuildEvent.Message message && message.text().equals("line 49")) {
                heard.add(name);
            }
            inListener.decrementAndGet();
        }).build().run();

        assertThat(heard).containsExactlyInAnyOrder("a", "b");
        assertThat(overlaps.get()).isZero();
        assertThat(result.entries().get(0).skippedStages())
                .containsExactly(Map.entry(Stage.BOOTSTRAP, "the cached bootstrap layer 1234 holds its result"));
        assertThat(result.entries().get(0).stageDurations())
                .containsExactly(Map.entry(Stage.INSTALL_PACKAGES, Duration.ofMillis(42)));
        assertThat(result.entries().get(1).layers()).contains(new LayerUses(LayerUse.RESTORED, LayerUse.BUILT));
    }

    @Test
    void theBatchsCachesReplaceTheEntriesOwnAndTheOtherOptionsStay() {
        Map<String, BuildOptions> seen = new ConcurrentHashMap<>();
        TarOutput tar = new TarOutput(WORK.resolve("a.tar"), TarOutput.Compression.NONE);

        RealmfsBatch.builder()
                .runner((recipe, workDirectory, options) -> {
                    seen.put(nameOf(workDirectory), options);
                    return built(workDirectory);
                })
                .add("a", RECIPE, WORK.resolve("a"), BuildOptions.builder().output(tar)
                        .packageCacheDirectory(WORK.resolve("own-packages")).build())
                .packageCacheDirectory(WORK.resolve("packages"))
                .layerCacheDirectory(WORK.resolve("layers"))
                .build().run();

        BuildOptions options = seen.get("a");
        assertThat(options.packageCacheDirectory()).contains(WORK.resolve("packages"));
        assertThat(options.layerCacheDirectory()).contains(WORK.resolve("layers"));
        assertThat(options.outputs()).containsExactly(tar);
        assertThat(options.cancellation()).isPresent();
    }

    @Test
    void twoEntriesWithOneNameAreRefusedNamingBoth() {
        assertThatThrownBy(() -> batchOf((r, w, o) -> built(w), "dev").add("dev", RECIPE, WORK.resolve("x"),
                BuildOptions.defaults()).build())
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("entries 1 and 2 are both named 'dev'");
    }

    @Test
    void twoEntriesWithOneWorkDirectoryAreRefusedNamingBoth() {
        assertThatThrownBy(() -> batchOf((r, w, o) -> built(w), "base")
                .add("dev", RECIPE, WORK.resolve("base/../base"), BuildOptions.defaults()).build())
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("'base' and 'dev' have the same work directory " + WORK.resolve("base"));
        assertThat(started).isEmpty();
    }

    @Test
    void anEmptyBatchABadNameAndAParallelismBelowOneAreRefused() {
        assertThatThrownBy(() -> RealmfsBatch.builder().build()).isInstanceOf(InvalidRecipeException.class);
        assertThatThrownBy(() -> RealmfsBatch.builder().add("a b", RECIPE, WORK, BuildOptions.defaults()))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("'a b'");
        assertThatThrownBy(() -> RealmfsBatch.builder().parallelism(0)).isInstanceOf(InvalidRecipeException.class);
    }

    @Test
    void theDefaultParallelismIsOneBuildPerCoreAsFarAsHalfTheMemoryHoldsTwoGibibytesPerBuild() {
        long gib = 1L << 30;

        assertThat(RealmfsBatch.parallelismFor(2, 24 * gib)).isEqualTo(2);
        assertThat(RealmfsBatch.parallelismFor(16, 16 * gib)).isEqualTo(4);
        assertThat(RealmfsBatch.parallelismFor(8, 2 * gib)).isEqualTo(1);
        assertThat(RealmfsBatch.defaultParallelism()).isBetween(1, Runtime.getRuntime().availableProcessors());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
