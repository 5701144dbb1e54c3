package org.citadel.realmfs.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.citadel.realmfs.api.BuildCancellation;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.LayerUse;
import org.citadel.realmfs.api.LayerUses;
import org.citadel.realmfs.core.events.BuildLog;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds sharing a layer cache make each layer once: the others wait for its claim and restore it. */
class SingleFlightTest {
    static final LayerKey BOOTSTRAP = new LayerKey(LayerKind.BOOTSTRAP, List.of("release: trixie"));
    static final LayerKey PACKAGES = BOOTSTRAP.extendedTo(LayerKind.PACKAGES, List.of("packages: less"));
    static final LayerChain CHAIN = new LayerChain(List.of(BOOTSTRAP, PACKAGES), Optional.empty());
    /** Longer than a claim poll, so a build that would not wait has finished by then. */
    static final long SETTLE_MILLIS = 1_000;

    @TempDir
    Path temp;
    LayerStore store;
    BuildLog log;
    final List<BuildEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void anEmptyStore() {
        store = LayerStore.open(temp.resolve("cache"));
        log = new BuildLog(temp.resolve("build.log"));
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void theSecondBuildOfALayerWaitsForTheFirstAndRestoresWhatItStored() throws Exception {
        LayerCache first = cache(CHAIN, Optional.empty());
        assertThat(first.restoreDeepest(rootfs("first"))).isEmpty(); // it makes the bootstrap layer
        Path secondRootfs = rootfs("second");
        LayerCache second = cache(CHAIN, Optional.empty());

        CompletableFuture<Optional<StoredLayer>> waiting = CompletableFuture.supplyAsync(() -> second.restoreDeepest(secondRootfs));
        Thread.sleep(SETTLE_MILLIS);
        assertThat(waiting).isNotDone();
        assertThat(messages()).containsOnlyOnce("waiting for the bootstrap layer " + BOOTSTRAP.shortDigest()
                + " that another build is making");

        store.add(BOOTSTRAP, LayerNotes.NONE, writing(tree("bootstrapped")));
        first.close();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).map(StoredLayer::key).contains(BOOTSTRAP);
        assertThat(Files.readString(secondRootfs.resolve("state"))).isEqualTo("bootstrapped");
        assertThat(second.uses()).isEqualTo(new LayerUses(LayerUse.RESTORED, LayerUse.NONE));
        assertThat(store.tryClaim(PACKAGES)).as("the second build now makes the package layer").isEmpty();
        second.close();
        assertThat(store.tryClaim(PACKAGES)).isPresent().get().satisfies(LayerClaim::close);
    }

    @Test
    void whenTheFirstBuildEndsWithoutStoringTheLayerTheWaitingBuildMakesIt() throws Exception {
        LayerCache first = cache(CHAIN, Optional.empty());
        first.restoreDeepest(rootfs("first"));
        LayerCache second = cache(CHAIN, Optional.empty());
        CompletableFuture<Optional<StoredLayer>> waiting = CompletableFuture.supplyAsync(() -> second.restoreDeepest(rootfs("second")));
        Thread.sleep(SETTLE_MILLIS);
        assertThat(waiting).isNotDone();

        first.close(); // failed, or was killed: its flock is gone with it

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(store.tryClaim(BOOTSTRAP)).as("the second build now makes the bootstrap layer").isEmpty();
        second.close();
    }

    @Test
    void buildsOfDifferentLayersDoNotWaitForEachOther() throws Exception {
        LayerCache trixie = cache(CHAIN, Optional.empty());
        trixie.restoreDeepest(rootfs("trixie"));
        LayerKey bookworm = new LayerKey(LayerKind.BOOTSTRAP, List.of("release: bookworm"));
        LayerCache other = cache(new LayerChain(List.of(bookworm), Optional.empty()), Optional.empty());

        assertThat(CompletableFuture.supplyAsync(() -> other.restoreDeepest(rootfs("bookworm"))).get(SETTLE_MILLIS,
                TimeUnit.MILLISECONDS)).isEmpty();
        assertThat(messages()).noneMatch(m -> m.startsWith("waiting for"));
        trixie.close();
        other.close();
    }

    @Test
    void buildsOfOneBaseWithDifferentPackagesShareOnlyTheBootstrapLayer() throws Exception {
        store.add(BOOTSTRAP, LayerNotes.NONE, writing(tree("bootstrapped")));
        LayerCache less = cache(CHAIN, Optional.empty());
        less.restoreDeepest(rootfs("less"));
        LayerKey vim = BOOTSTRAP.extendedTo(LayerKind.PACKAGES, List.of("packages: vim-tiny"));
        LayerCache other = cache(new LayerChain(List.of(BOOTSTRAP, vim), Optional.empty()), Optional.empty());

        assertThat(CompletableFuture.supplyAsync(() -> other.restoreDeepest(rootfs("vim"))).get(SETTLE_MILLIS,
                TimeUnit.MILLISECONDS)).map(StoredLayer::key).contains(BOOTSTRAP);
        less.close();
        other.close();
    }

    @Test
    void aCancelledBuildStopsWaiting() throws Exception {
        LayerCache first = cache(CHAIN, Optional.empty());
        first.restoreDeepest(rootfs("first"));
        BuildCancellation cancellation = new BuildCancellation();
        LayerCache second = cache(CHAIN, Optional.of(cancellation));
        CompletableFuture<Optional<StoredLayer>> waiting = CompletableFuture.supplyAsync(() -> second.restoreDeepest(rootfs("second")));
        Thread.sleep(SETTLE_MILLIS);

        cancellation.cancel("stopped by the user");

        assertThatThrownBy(() -> waiting.get(2, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BuildCancelledException.class).hasMessageContaining("stopped by the user");
        assertThat(store.tryClaim(PACKAGES)).as("the cancelled build holds no claim").isPresent().get()
                .satisfies(LayerClaim::close);
        first.close();
    }

    @Test
    void aBuildThatStoresNoPackageLayerLetsTheWaitingBuildMakeIt() throws Exception {
        store.add(BOOTSTRAP, LayerNotes.NONE, writing(tree("bootstrapped")));
        LayerCache first = cache(CHAIN, Optional.empty());
        first.restoreDeepest(rootfs("first"));
        LayerCache second = cache(CHAIN, Optional.empty());
        CompletableFuture<Optional<StoredLayer>> waiting = CompletableFuture.supplyAsync(() -> second.restoreDeepest(rootfs("second")));
        Thread.sleep(SETTLE_MILLIS);
        assertThat(waiting).isNotDone();
        assertThat(messages()).contains("waiting for the package layer " + PACKAGES.shortDigest()
                + " that another build is making");

        first.abandon(LayerKind.PACKAGES); // its pre-install modules left state that cannot be cached

        assertThat(waiting.get(10, TimeUnit.SECONDS)).map(StoredLayer::key).contains(BOOTSTRAP);
        first.close();
        second.close();
    }

    @Test
    void aClaimExcludesAnotherInTheSameJvmAndLeavesNoFileWhenReleased() {
        LayerClaim held = store.tryClaim(BOOTSTRAP).orElseThrow();
        assertThat(store.tryClaim(BOOTSTRAP)).isEmpty();
        assertThat(store.tryClaim(PACKAGES)).isPresent().get().satisfies(LayerClaim::close);

        held.close();

        assertThat(temp.resolve("cache/claims")).isEmptyDirectory();
        assertThat(store.tryClaim(BOOTSTRAP)).isPresent().get().satisfies(LayerClaim::close);
    }

    @Test
    void aBuildOfAnotherProcessHoldingTheClaimIsWaitedForAndItsDeathEndsTheWait() throws Exception {
        Path claimFile = Files.createFile(temp.resolve("cache/claims/bootstrap-" + BOOTSTRAP.digest() + LayerClaim.SUFFIX));
        Process other = new ProcessBuilder("flock", "--exclusive", "--close", claimFile.toString(), "sleep", "1000.017").start();
        CompletableFuture<Optional<StoredLayer>> waiting;
        LayerCache cache = cache(CHAIN, Optional.empty());
        try {
            awaitLocked(claimFile);
            waiting = CompletableFuture.supplyAsync(() -> cache.restoreDeepest(rootfs("waiting")));
            Thread.sleep(SETTLE_MILLIS);
            assertThat(waiting).isNotDone();
        } finally {
            other.descendants().forEach(ProcessHandle::destroyForcibly); // its sleep
            other.destroyForcibly(); // SIGKILL: the claim ends with the process
            other.waitFor(10, TimeUnit.SECONDS);
        }

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(store.tryClaim(BOOTSTRAP)).as("this build now makes the bootstrap layer").isEmpty();
        cache.close();
    }

    private static void awaitLocked(Path file) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Fd probe = Kernel.openLockFile(file)) {
                if (!Kernel.tryLockExclusive(probe)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("flock(1) did not lock " + file);
    }

    private LayerCache cache(LayerChain chain, Optional<BuildCancellation> cancellation) {
        return LayerCache.of(store, chain, Long.MAX_VALUE, new EventDispatcher(log, List.of(events::add)), cancellation);
    }

    private Path rootfs(String name) {
        try {
            return Files.createDirectories(temp.resolve("rootfs-" + name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static LayerWriter writing(Path tree) {
        return tar -> LayerTar.write(tree, tar);
    }

    private Path tree(String state) throws IOException {
        Path tree = Files.createDirectories(temp.resolve("tree-" + state));
        Files.writeString(tree.resolve("state"), state);
        return tree;
    }

    private List<String> messages() {
        return events.stream().filter(e -> e instanceof BuildEvent.Message).map(e -> ((BuildEvent.Message) e).text()).toList();
    }
}
