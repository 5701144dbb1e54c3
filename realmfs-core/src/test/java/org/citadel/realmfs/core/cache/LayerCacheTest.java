package org.citadel.realmfs.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.core.events.BuildLog;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCacheTest {
    static final LayerKey BOOTSTRAP = new LayerKey(LayerKind.BOOTSTRAP, List.of("release: trixie"));
    static final LayerKey PACKAGES = BOOTSTRAP.extendedTo(LayerKind.PACKAGES, List.of("packages: less vim-tiny"));
    static final LayerChain CHAIN = new LayerChain(List.of(BOOTSTRAP, PACKAGES), Optional.empty());

    @TempDir
    Path temp;
    Path rootfs;
    LayerStore store;
    BuildLog log;
    final List<BuildEvent> events = new ArrayList<>();
    LayerCache cache;

    @BeforeEach
    void aStoreWithBothLayers() throws IOException {
        store = LayerStore.open(temp.resolve("cache"));
        store.add(BOOTSTRAP, LayerNotes.NONE, writing(tree("bootstrapped")));
        rootfs = Files.createDirectories(temp.resolve("rootfs"));
        log = new BuildLog(temp.resolve("build.log"));
        cache = LayerCache.of(store, CHAIN, Long.MAX_VALUE, new EventDispatcher(log, List.of(events::add)));
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void theDeepestLayerIsRestored() throws IOException {
        store.add(PACKAGES, LayerNotes.NONE, writing(tree("installed")));

        Optional<StoredLayer> restored = cache.restoreDeepest(rootfs);

        assertThat(restored).map(layer -> layer.key().kind()).contains(LayerKind.PACKAGES);
        assertThat(Files.readString(rootfs.resolve("state"))).isEqualTo("installed");
        assertThat(messages()).anyMatch(m -> m.startsWith("reused the package layer " + PACKAGES.shortDigest()));
    }

    @Test
    void aMissingLayerIsRebuiltAndTheMessageSaysWhatChangedSinceTheClosestOne() throws IOException {
        LayerKey otherPackages = BOOTSTRAP.extendedTo(LayerKind.PACKAGES, List.of("packages: less"));
        store.add(otherPackages, LayerNotes.NONE, writing(tree("installed")));

        Optional<StoredLayer> restored = cache.restoreDeepest(rootfs);

        assertThat(restored).map(layer -> layer.key().kind()).contains(LayerKind.BOOTSTRAP);
        assertThat(messages()).contains("rebuilding the package layer: packages changed (less → less vim-tiny)");
    }

    @Test
    void aDamagedLayerIsReportedDeletedAndTheLayerBeneathItUsed() throws IOException {
        StoredLayer damaged = store.add(PACKAGES, LayerNotes.NONE, writing(tree("installed")));
        byte[] bytes = Files.readAllBytes(damaged.tar());
        bytes[bytes.length / 2] ^= 1;
        Files.write(damaged.tar(), bytes);

        Optional<StoredLayer> restored = cache.restoreDeepest(rootfs);

        assertThat(restored).map(layer -> layer.key().kind()).contains(LayerKind.BOOTSTRAP);
        assertThat(Files.readString(rootfs.resolve("state"))).isEqualTo("bootstrapped");
        assertThat(store.find(PACKAGES)).isEmpty();
        assertThat(events).anyMatch(e -> e instanceof BuildEvent.Warning w && w.text().contains("is damaged"));
        assertThat(messages()).contains("rebuilding the package layer: its stored copy was damaged");
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
