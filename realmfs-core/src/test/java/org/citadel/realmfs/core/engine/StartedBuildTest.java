package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.citadel.realmfs.api.BuildCancellation;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildHandle;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.ModuleFailedException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.api.spi.BuildEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handle's contract, with a stand-in for the build: no root, nothing built. */
class StartedBuildTest {
    @TempDir
    Path work;

    @Test
    void theResultCompletesWithWhatTheBuildReturnsOnAThreadNamedAfterTheWorkDirectory() {
        List<String> threads = new ArrayList<>();
        BuildResult built = result();

        BuildHandle handle = StartedBuild.start(work, BuildOptions.defaults(), options -> {
            threads.add(Thread.currentThread().getName());
            return built;
        });

        assertThat(handle.result().join()).isSameAs(built);
        assertThat(threads).containsExactly("realmfs-build " + work.toAbsolutePath());
        assertThat(handle.workDirectory()).isEqualTo(work);
    }

    @Test
    void aFailedBuildFailsTheResultWithItsExceptionWhichRunThrowsUnwrapped() {
        ModuleFailedException failure = new ModuleFailedException(Stage.PRE_INSTALL_MODULES, "set-motd", 1, List.of("boom"));

        BuildHandle handle = StartedBuild.start(work, BuildOptions.defaults(), options -> {
            throw failure;
        });

        assertThatThrownBy(() -> handle.result().join()).isInstanceOf(CompletionException.class).hasCause(failure);
        assertThatThrownBy(() -> BuildEngine.awaitResult(handle)).isSameAs(failure);
    }

    @Test
    void cancelCancelsTheBuildThroughTheCancellationItsOptionsCarry() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        BuildHandle handle = StartedBuild.start(work, BuildOptions.defaults(), cancellableBuild(cancelled));

        assertThat(handle.cancel("stopped by the user")).isTrue();
        assertThat(handle.cancel("again")).as("only the first call counts").isFalse();

        assertThatThrownBy(() -> BuildEngine.awaitResult(handle)).isInstanceOf(BuildCancelledException.class)
                .hasMessageContaining("stopped by the user")
                .satisfies(e -> assertThat(((BuildCancelledException) e).stage()).contains(Stage.INSTALL_PACKAGES));
    }

    @Test
    void theOptionsOwnCancellationAndTheHandleAreOne() {
        BuildCancellation own = new BuildCancellation();
        BuildHandle handle = StartedBuild.start(work, BuildOptions.builder().cancellation(own).build(),
                cancellableBuild(new CountDownLatch(1)));

        own.cancel("SIGTERM");

        assertThatThrownBy(() -> BuildEngine.awaitResult(handle)).isInstanceOf(BuildCancelledException.class)
                .hasMessageContaining("SIGTERM");
        assertThat(handle.cancel("later")).isFalse();
    }

    @Test
    void cancellingTheResultsFutureCancelsTheBuildWhichStillEndsOnItsThread() throws Exception {
        List<Optional<String>> seenByTheBuild = new ArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        BuildHandle handle = StartedBuild.start(work, BuildOptions.defaults(), options -> {
            BuildCancellation cancellation = options.cancellation().orElseThrow();
            awaitCancelled(cancellation);
            seenByTheBuild.add(cancellation.reason());
            ended.countDown();
            throw new BuildCancelledException(Stage.BOOTSTRAP, cancellation.reason().orElseThrow(), null);
        });

        assertThat(handle.result().cancel(true)).isTrue();

        assertThat(handle.result()).isCancelled();
        assertThatThrownBy(() -> handle.result().join()).isInstanceOf(CancellationException.class);
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seenByTheBuild).containsExactly(Optional.of("its result's future was cancelled"));
    }

    @Test
    void currentStageFollowsTheStagesTheCallersListenersSeeAndStaysAtTheLastOne() throws Exception {
        List<BuildEvent> callersEvents = new ArrayList<>();
        CountDownLatch inPackages = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        BuildHandle handle = StartedBuild.start(work, BuildOptions.builder().listener(callersEvents::add).build(),
                options -> {
                    send(options, new BuildEvent.StageSkipped(Stage.BOOTSTRAP, "layer restored"));
                    send(options, new BuildEvent.StageStarted(Stage.INSTALL_PACKAGES));
                    inPackages.countDown();
                    await(proceed);
                    send(options, new BuildEvent.StageFinished(Stage.INSTALL_PACKAGES, Duration.ofSeconds(1)));
                    return result();
                });

        assertThat(inPackages.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handle.currentStage()).contains(Stage.INSTALL_PACKAGES);
        proceed.countDown();
        handle.result().join();

        assertThat(handle.currentStage()).contains(Stage.INSTALL_PACKAGES);
        assertThat(callersEvents).hasSize(3);
    }

    @Test
    void aStageIsEmptyBeforeTheFirst() {
        CountDownLatch proceed = new CountDownLatch(1);
        BuildHandle handle = StartedBuild.start(work, BuildOptions.defaults(), options -> {
            await(proceed);
            return result();
        });

        assertThat(handle.currentStage()).isEmpty();
        proceed.countDown();
        handle.result().join();
    }

    @Test
    void aRecipeThatCannotBuildFailsTheResultInsteadOfThrowingFromStart() {
        RealmfsBuild recipe = RealmfsBuild.builder().installFile(work.resolve("missing.conf"), "/etc", 0644).build();

        BuildHandle handle = recipe.start(work.resolve("work"), BuildOptions.defaults());

        assertThatThrownBy(() -> handle.result().join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(InvalidRecipeException.class).hasMessageContaining("missing.conf does not exist");
        assertThatThrownBy(() -> recipe.run(work.resolve("work"), BuildOptions.defaults()))
                .as("run throws the same exception itself").isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("missing.conf does not exist");
    }

    /** A build in INSTALL_PACKAGES that waits until cancelled, then fails as the engine does. */
    private static Function<BuildOptions, BuildResult> cancellableBuild(CountDownLatch cancelled) {
        return options -> {
            BuildCancellation cancellation = options.cancellation().orElseThrow();
            awaitCancelled(cancellation);
            cancelled.countDown();
            cancellation.throwIfCancelled(Stage.INSTALL_PACKAGES);
            throw new AssertionError("not cancelled");
        };
    }

    private static void awaitCancelled(BuildCancellation cancellation) {
        CountDownLatch latch = new CountDownLatch(1);
        try (BuildCancellation.Registration registration = cancellation.onCancel(latch::countDown)) {
            await(latch);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("waited 10 s in vain");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void send(BuildOptions options, BuildEvent event) {
        options.listeners().forEach(listener -> listener.onEvent(event));
    }

    private BuildResult result() {
        return new BuildResult(work, Optional.empty(), work.resolve("realmfs-build.log"), Map.of(), List.of(), Map.of(),
                Duration.ZERO);
    }
}
