package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildHandle;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real builds started with {@link RealmfsBuild#start} and cancelled through their handle while a
 * command of the stage runs: debootstrap, apt in the package installation, xz compressing a
 * RealmFS image's payload. Each time the result fails with a {@link BuildCancelledException} naming that
 * stage, and nothing is left: no mount below the work directory, none of the build's processes, no
 * partial output. The output test runs first and leaves its layers in the class's layer cache, from
 * which the package test restores the bootstrapped tree (its package set differs, so it installs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildHandleCancelIT {
    private final Path temp;
    private final Path layerCache;

    BuildHandleCancelIT() throws IOException {
        temp = Files.createTempDirectory("realmfs-handle-cancel-it");
        layerCache = temp.resolve("layer-cache");
    }

    @AfterAll
    void removeTheTemporaryDirectory() {
        TreeRemover.removeTree(temp);
    }

    @Test
    @Order(1)
    void cancelWhileARealmfsImageIsWrittenRemovesItsPartialFiles() throws Exception {
        Path work = temp.resolve("work-output");
        Path images = temp.resolve("images");
        CancelledBuild build = CancelledBuild.start(RealmfsBuild.builder().build(), work, ItSupport.options()
                .layerCacheDirectory(layerCache)
                .output(Output.realmfsImage(images)), compressing());

        List<Path> partialWhenCancelled = ItSupport.partialFilesBelow(images);
        build.cancel("xz");

        assertThat(partialWhenCancelled).as("the image was being written").isNotEmpty();
        build.assertCancelledInAndNothingLeft(Stage.WRITE_OUTPUTS);
        assertThat(ItSupport.partialFilesBelow(images)).isEmpty();
        assertThat(files(images)).as("no image, no hash tree").isEmpty();
    }

    @Test
    @Order(2)
    void cancelDuringThePackageInstallationKillsApt() throws Exception {
        Path work = temp.resolve("work-packages");
        Path tar = temp.resolve("packages.tar.xz");
        CancelledBuild build = CancelledBuild.start(RealmfsBuild.builder().packages("less").build(), work,
                ItSupport.options().layerCacheDirectory(layerCache).output(Output.tarXz(tar)),
                commandOutputIn(Stage.INSTALL_PACKAGES));

        build.cancel("apt-get");

        build.assertCancelledInAndNothingLeft(Stage.INSTALL_PACKAGES);
        assertThat(build.events()).as("the bootstrapped tree came from the layer cache")
                .anyMatch(e -> e instanceof BuildEvent.StageSkipped skipped && skipped.stage() == Stage.BOOTSTRAP);
        assertThat(tar).doesNotExist();
        assertThat(ItSupport.partialFilesBelow(temp)).isEmpty();
    }

    @Test
    @Order(3)
    void cancelDuringDebootstrapKillsIt() throws Exception {
        Path work = temp.resolve("work-bootstrap");
        CancelledBuild build = CancelledBuild.start(RealmfsBuild.builder().build(), work,
                ItSupport.options().useLayerCache(false).output(Output.tar(work.resolve("rootfs.tar"))),
                commandOutputIn(Stage.BOOTSTRAP).and(e -> ((BuildEvent.CommandOutput) e).line().startsWith("I: ")));

        build.cancel("debootstrap");

        build.assertCancelledInAndNothingLeft(Stage.BOOTSTRAP);
        assertThat(work.resolve("rootfs.tar")).doesNotExist();
        assertThat(work.resolve("rootfs")).as("a rootfs not to be kept is removed").doesNotExist();
    }

    /** A progress event of the output stage while xz compresses a chunk of the payload (the ext4 is written from its base). */
    private static Predicate<BuildEvent> compressing() {
        return event -> event instanceof BuildEvent.Progress progress && progress.stage() == Stage.WRITE_OUTPUTS
                && ProcessHandle.current().descendants().map(ItSupport::commandLine)
                        .anyMatch(line -> line.startsWith("/usr/bin/xz ") || line.startsWith("xz "));
    }

    private static Predicate<BuildEvent> commandOutputIn(Stage stage) {
        return event -> event instanceof BuildEvent.CommandOutput output && output.stage() == stage;
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    /** A build started with a handle, followed until an event wanted, then cancelled through the handle. */
    private static final class CancelledBuild {
        private final Path work;
        private final BuildHandle handle;
        private final CompletableFuture<BuildEvent> wanted;
        private final List<BuildEvent> events;
        private List<ProcessHandle> processes = List.of();

        private CancelledBuild(Path work, BuildHandle handle, CompletableFuture<BuildEvent> wanted, List<BuildEvent> events) {
            this.work = work;
            this.handle = handle;
            this.wanted = wanted;
            this.events = events;
        }

        /** Starts the build and waits (up to 10 minutes) for the event wanted. */
        static CancelledBuild start(RealmfsBuild recipe, Path work, BuildOptions.Builder options,
                Predicate<BuildEvent> cancelAt) throws Exception {
            CompletableFuture<BuildEvent> wanted = new CompletableFuture<>();
            List<BuildEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            BuildHandle handle = recipe.start(work, options.listener(event -> {
                events.add(event);
                if (cancelAt.test(event)) {
                    wanted.complete(event);
                }
            }).build());
            CancelledBuild build = new CancelledBuild(work, handle, wanted, events);
            handle.result().whenComplete((result, failure) -> wanted.completeExceptionally(
                    new AssertionError("the build ended before the event wanted", failure)));
            try {
                wanted.get(10, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                handle.cancel("the test timed out");
                fail("no event wanted within 10 minutes");
            }
            return build;
        }

        /** Notes the build's processes, among which {@code command} must run, then cancels it. */
        void cancel(String command) {
            processes = ProcessHandle.current().descendants().toList();
            assertThat(processes.stream().map(ItSupport::commandLine))
                    .as("the command lines of the build's processes when cancelled")
                    .anyMatch(line -> line.contains(command));
            BuildEvent event = wanted.join();
            assertThat(handle.currentStage()).contains(event instanceof BuildEvent.Progress progress ? progress.stage()
                    : ((BuildEvent.CommandOutput) event).stage());
            assertThat(handle.cancel("stopped by the test")).isTrue();
        }

        void assertCancelledInAndNothingLeft(Stage stage) throws Exception {
            Throwable failure;
            try {
                handle.result().get(5, TimeUnit.MINUTES);
                throw new AssertionError("the cancelled build succeeded");
            } catch (java.util.concurrent.ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure).isInstanceOf(BuildCancelledException.class)
                    .hasMessageContaining("stopped by the test");
            assertThat(((BuildCancelledException) failure).stage()).contains(stage);
            assertThat(ItSupport.hostMountsIn(work)).as("mounts below " + work).isEmpty();
            assertThat(ItSupport.awaitGone(processes)).as("processes of the build still running").isEmpty();
            assertThat(ItSupport.partialFilesBelow(work)).isEmpty();
            assertThat(events).filteredOn(e -> e instanceof BuildEvent.Cancelled).hasSize(1);
        }

        List<BuildEvent> events() {
            return List.copyOf(events);
        }
    }
}
