package org.citadel.realmfs.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStoreTest {
    @TempDir
    Path temp;
    Path tree;
    LayerStore store;

    @BeforeEach
    void aTreeAndAnEmptyStore() throws IOException {
        tree = Files.createDirectories(temp.resolve("tree"));
        Files.writeString(Files.createDirectories(tree.resolve("etc")).resolve("motd"), "hello\n");
        Files.createLink(tree.resolve("etc/motd-link"), tree.resolve("etc/motd"));
        Files.createSymbolicLink(tree.resolve("bin"), Path.of("usr/bin"));
        store = LayerStore.open(temp.resolve("cache"));
    }

    @Test
    void aStoredLayerIsFoundByItsKeyAndRestoresTheTree() throws IOException {
        LayerKey key = key(LayerKind.BOOTSTRAP, "release: trixie");
        store.add(key, LayerNotes.NONE, tar -> LayerTar.write(tree, tar));

        StoredLayer found = store.find(key).orElseThrow();
        Path target = Files.createDirectories(temp.resolve("restored"));
        LayerTar.restore(found, target);

        assertThat(Files.readString(target.resolve("etc/motd"))).isEqualTo("hello\n");
        assertThat(Files.isSameFile(target.resolve("etc/motd"), target.resolve("etc/motd-link"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
    }

    @Test
    void aFullFilesystemIsNamedAsTheReasonALayerCouldNotBeStoredAndNothingIsLeftInStaging() throws IOException {
        LayerKey key = key(LayerKind.PACKAGES, "packages: less");

        assertThatThrownBy(() -> store.add(key, LayerNotes.NONE, tar -> {
            throw org.citadel.realmfs.core.io.HostFiles.ioFailure("write the layer of " + tree + " to", tar,
                    new IOException("No space left on device"));
        }))
                .isInstanceOf(org.citadel.realmfs.core.linux.FilesystemFullException.class)
                .hasMessageStartingWith("No space left on the filesystem mounted at ")
                .hasMessageContaining(" while writing the package layer into the layer cache " + store.directory() + ": ")
                .hasMessageContaining("--layer-cache-size")
                .hasMessageNotContaining(tree.toString());
        try (var staged = Files.list(store.directory().resolve("staging"))) {
            assertThat(staged).isEmpty();
        }
        assertThat(store.find(key)).isEmpty();
    }

    @Test
    void aLayerKeepsTheNotesAndKeyTextItWasStoredWith() {
        LayerKey key = key(LayerKind.PACKAGES, "packages: less");
        store.add(key, new LayerNotes(List.of("/usr/sbin/policy-rc.d"), List.of("less", "systemd"), "declare -g x=$'a\\nb'\n"),
                tar -> LayerTar.write(tree, tar));

        StoredLayer found = store.find(key).orElseThrow();

        assertThat(found.metadata().buildOnlyFiles()).containsExactly("/usr/sbin/policy-rc.d");
        assertThat(found.metadata().installedPackages()).containsExactly("less", "systemd");
        assertThat(found.metadata().shellState()).isEqualTo("declare -g x=$'a\\nb'\n");
        assertThat(store.closestTo(key(LayerKind.PACKAGES, "packages: vim"))).contains(key);
    }

    @Test
    void anotherKeyFindsNothing() {
        store.add(key(LayerKind.BOOTSTRAP, "release: trixie"), LayerNotes.NONE, tar -> LayerTar.write(tree, tar));

        assertThat(store.find(key(LayerKind.BOOTSTRAP, "release: forky"))).isEmpty();
        assertThat(store.find(key(LayerKind.PACKAGES, "release: trixie"))).isEmpty();
    }

    @Test
    void aLayerWithAChangedByteIsDetectedAsDamagedWhenRestored() throws IOException {
        StoredLayer layer = store.add(key(LayerKind.BOOTSTRAP, "release: trixie"), LayerNotes.NONE,
                tar -> LayerTar.write(tree, tar));
        flipLastContentByte(layer.tar(), "hello\n");

        assertThatThrownBy(() -> LayerTar.restore(layer, Files.createDirectories(temp.resolve("restored"))))
                .isInstanceOf(DamagedLayerException.class)
                .hasMessageContaining("CRC-32C");
    }

    @Test
    void aTruncatedLayerIsDetectedAsDamaged() throws IOException {
        StoredLayer layer = store.add(key(LayerKind.BOOTSTRAP, "release: trixie"), LayerNotes.NONE,
                tar -> LayerTar.write(tree, tar));
        try (RandomAccessFile file = new RandomAccessFile(layer.tar().toFile(), "rw")) {
            file.setLength(1024);
        }

        assertThatThrownBy(() -> LayerTar.restore(layer, Files.createDirectories(temp.resolve("restored"))))
                .isInstanceOf(DamagedLayerException.class);
    }

    @Test
    void aLayerDirectoryWithoutWholeMetadataIsDamagedNotUsed() throws IOException {
        LayerKey key = key(LayerKind.BOOTSTRAP, "release: trixie");
        StoredLayer layer = store.add(key, LayerNotes.NONE, tar -> LayerTar.write(tree, tar));
        Files.writeString(layer.directory().resolve(LayerMetadata.FILE_NAME), "kind=BOOTSTRAP\n");

        assertThatThrownBy(() -> store.find(key)).isInstanceOf(DamagedLayerException.class);
        store.remove(layer.directory());
        assertThat(store.find(key)).isEmpty();
    }

    @Test
    void aLayerHalfWrittenByACrashedBuildIsNeverSeenAndIsCleanedUp() throws IOException {
        Path abandoned = Files.createDirectories(temp.resolve("cache/staging/999999999-crashed"));
        Files.writeString(abandoned.resolve(StoredLayer.TAR), "half a tar");

        LayerStore reopened = LayerStore.open(temp.resolve("cache"));

        assertThat(abandoned).doesNotExist();
        assertThat(reopened.closestTo(key(LayerKind.BOOTSTRAP, "release: trixie"))).isEmpty();
    }

    @Test
    void aFailedWriteLeavesNoLayer() {
        LayerKey key = key(LayerKind.BOOTSTRAP, "release: trixie");

        assertThatThrownBy(() -> store.add(key, LayerNotes.NONE, tar -> {
            throw new IllegalStateException("disk full");
        })).hasMessage("disk full");
        assertThat(store.find(key)).isEmpty();
        assertThat(temp.resolve("cache/staging")).isEmptyDirectory();
    }

    @Test
    void theLeastRecentlyUsedLayersAreEvictedBeyondTheSizeLimit() throws IOException {
        StoredLayer oldest = store.add(key(LayerKind.BOOTSTRAP, "release: one"), LayerNotes.NONE, tar -> LayerTar.write(tree, tar));
        StoredLayer usedLately = store.add(key(LayerKind.BOOTSTRAP, "release: two"), LayerNotes.NONE, tar -> LayerTar.write(tree, tar));
        StoredLayer newest = store.add(key(LayerKind.BOOTSTRAP, "release: three"), LayerNotes.NONE, tar -> LayerTar.write(tree, tar));
        Files.setLastModifiedTime(oldest.directory(), FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(usedLately.directory(), FileTime.fromMillis(2_000));
        Files.setLastModifiedTime(newest.directory(), FileTime.fromMillis(3_000));
        store.markUsed(usedLately);
        long oneByteTooMany = store.sizeBytes() - 1;

        List<Path> evicted = store.evictBeyond(oneByteTooMany, newest);

        assertThat(evicted).containsExactly(oldest.directory());
        assertThat(store.find(oldest.key())).isEmpty();
        assertThat(store.find(usedLately.key())).isPresent();
        assertThat(store.find(newest.key())).isPresent();
    }

    @Test
    void theLayerJustAddedIsKeptEvenIfItAloneExceedsTheLimit() {
        StoredLayer only = store.add(key(LayerKind.BOOTSTRAP, "release: one"), LayerNotes.NONE, tar -> LayerTar.write(tree, tar));

        assertThat(store.evictBeyond(1, only)).isEmpty();
        assertThat(store.find(only.key())).isPresent();
    }

    @Test
    void clearingDeletesEveryLayer() {
        store.add(key(LayerKind.BOOTSTRAP, "release: one"), LayerNotes.NONE, tar -> LayerTar.write(tree, tar));
        store.add(key(LayerKind.PACKAGES, "release: one"), LayerNotes.NONE, tar -> LayerTar.write(tree, tar));

        store.clear();

        assertThat(store.sizeBytes()).isZero();
        assertThat(store.find(key(LayerKind.BOOTSTRAP, "release: one"))).isEmpty();
    }

    @Test
    void buildsAddingAndReadingLayersAtTheSameTimeLeaveOnlyWholeLayers() throws Exception {
        ExecutorService builds = Executors.newFixedThreadPool(4);
        try {
            List<Future<StoredLayer>> added = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                LayerKey key = key(LayerKind.BOOTSTRAP, "release: r" + (i % 3)); // the same keys several times
                Callable<StoredLayer> build = () -> {
                    StoredLayer layer = store.add(key, LayerNotes.NONE, tar -> LayerTar.write(tree, tar));
                    store.evictBeyond(Long.MAX_VALUE, layer);
                    return layer;
                };
                added.add(builds.submit(build));
            }
            for (Future<StoredLayer> layer : added) {
                StoredLayer found = store.find(layer.get().key()).orElseThrow();
                Path target = Files.createTempDirectory(temp, "restored");
                LayerTar.restore(found, target);
                assertThat(Files.readString(target.resolve("etc/motd"))).isEqualTo("hello\n");
            }
        } finally {
            builds.shutdownNow();
        }
        try (var layers = Files.list(temp.resolve("cache/layers"))) {
            assertThat(layers).hasSize(3);
        }
        assertThat(temp.resolve("cache/staging")).isEmptyDirectory();
    }

    @Test
    void aLayerOneBuildOpenedIsRestoredWholeEvenIfAnotherBuildEvictsItMeanwhile() throws IOException {
        LayerKey key = key(LayerKind.BOOTSTRAP, "release: trixie");
        store.add(key, LayerNotes.NONE, tar -> LayerTar.write(tree, tar));
        LayerStore otherBuild = LayerStore.open(temp.resolve("cache"));
        Path target = Files.createDirectories(temp.resolve("restored"));

        try (OpenedLayer opened = store.openLayer(key).orElseThrow()) {
            otherBuild.clear();
            LayerTar.restore(opened, target);
        }

        assertThat(Files.readString(target.resolve("etc/motd"))).isEqualTo("hello\n");
        assertThat(store.find(key)).isEmpty();
    }

    @Test
    void aDamagedLayerIsNotDeletedIfAnotherBuildReplacedItSinceItWasOpened() throws IOException {
        LayerKey key = key(LayerKind.BOOTSTRAP, "release: trixie");
        store.add(key, LayerNotes.NONE, tar -> LayerTar.write(tree, tar));
        LayerStore otherBuild = LayerStore.open(temp.resolve("cache"));
        OpenedLayer opened = store.openLayer(key).orElseThrow();
        opened.close();

        otherBuild.clear();
        otherBuild.add(key, LayerNotes.NONE, tar -> LayerTar.write(tree, tar));
        store.removeDamaged(opened);
        assertThat(store.find(key)).isPresent();

        store.removeDamaged(store.openLayer(key).orElseThrow());
        assertThat(store.find(key)).isEmpty();
    }

    @Test
    void buildsNamingTheCacheByASymlinkAndByItsPathShareItsLockInsteadOfFailing() throws Exception {
        Path symlink = Files.createSymbolicLink(temp.resolve("cache-link"), temp.resolve("cache"));
        LayerStore throughLink = LayerStore.open(symlink);
        LayerKey key = key(LayerKind.BOOTSTRAP, "release: trixie");

        ExecutorService otherBuild = Executors.newSingleThreadExecutor();
        try {
            CacheLock held = CacheLock.acquire(temp.resolve("cache/lock"));
            Future<StoredLayer> added = otherBuild.submit(() -> throughLink.add(key, LayerNotes.NONE,
                    tar -> LayerTar.write(tree, tar)));
            Thread.sleep(500);
            assertThat(added).as("waits for the lock").isNotDone();
            held.close();
            assertThat(added).succeedsWithin(java.time.Duration.ofSeconds(30));
        } finally {
            otherBuild.shutdownNow();
        }
        assertThat(store.find(key)).isPresent();
    }

    static LayerKey key(LayerKind kind, String line) {
        return new LayerKey(kind, List.of("layer format: 2", line));
    }

    private static void flipLastContentByte(Path tar, String content) throws IOException {
        byte[] bytes = Files.readAllBytes(tar);
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf(content);
        bytes[at] ^= 1;
        Files.write(tar, bytes);
    }
}
