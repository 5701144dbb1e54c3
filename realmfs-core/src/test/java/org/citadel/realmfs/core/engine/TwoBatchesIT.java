package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.citadel.realmfs.api.BatchEntryResult;
import org.citadel.realmfs.api.BatchEntryResult.Outcome;
import org.citadel.realmfs.api.BatchHandle;
import org.citadel.realmfs.api.BatchResult;
import org.citadel.realmfs.api.LayerUse;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBatch;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two real batches started at once, each of two entries on the default base that differ only in a
 * post-install module, all on one empty layer cache and the package cache: all four are built, each
 * with its own module's file, and debootstrap runs once across both batches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoBatchesIT {
    static final Map<String, List<String>> BATCHES = Map.of("left", List.of("left-1", "left-2"),
            "right", List.of("right-1", "right-2"));

    Path temp;
    List<BatchEntryResult> entries;

    @BeforeAll
    void twoBatchesAtOnce() throws Exception {
        temp = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "realmfs-two-batches-it");
        BatchHandle left = batch(BATCHES.get("left")).start();
        BatchHandle right = batch(BATCHES.get("right")).start();
        BatchResult leftResult = left.result().get();
        BatchResult rightResult = right.result().get();
        entries = Stream.concat(leftResult.entries().stream(), rightResult.entries().stream()).toList();
    }

    private RealmfsBatch batch(List<String> names) {
        RealmfsBatch.Builder batch = RealmfsBatch.builder().parallelism(2)
                .packageCacheDirectory(ItSupport.PACKAGE_CACHE)
                .layerCacheDirectory(temp.resolve("layers"));
        for (String name : names) {
            batch.add(name, RealmfsBuild.builder().postModule("mark", "echo " + name + " > /etc/batch-mark").build(),
                    temp.resolve("work-" + name),
                    ItSupport.options().output(Output.tar(temp.resolve(name + ".tar"))).build());
        }
        return batch.build();
    }

    @Test
    void allFourEntriesAreBuiltEachWithTheFileOfItsOwnModule() throws IOException {
        assertThat(entries).extracting(BatchEntryResult::name)
                .containsExactly("left-1", "left-2", "right-1", "right-2");
        assertThat(entries).extracting(BatchEntryResult::outcome).containsOnly(Outcome.BUILT);
        for (BatchEntryResult entry : entries) {
            assertThat(ItSupport.fileInTar(temp.resolve(entry.name() + ".tar"), "etc/batch-mark")).as(entry.name())
                    .contains(entry.name() + "\n");
        }
    }

    @Test
    void theBootstrapLayerIsMadeOnceAcrossBothBatchesAndRestoredByTheOtherThree() {
        List<LayerUse> bootstrap = entries.stream().map(entry -> entry.layers().orElseThrow().bootstrap()).toList();

        assertThat(bootstrap).containsOnlyOnce(LayerUse.BUILT);
        assertThat(bootstrap).filteredOn(use -> use == LayerUse.RESTORED).hasSize(3);
    }

    @AfterAll
    void removeEverything() {
        try {
            assertThat(ItSupport.hostMountsIn(temp)).isEmpty();
            assertThat(temp.resolve("layers/claims")).as("no claim is left").isEmptyDirectory();
        } finally {
            TreeRemover.removeTree(temp);
        }
    }
}
