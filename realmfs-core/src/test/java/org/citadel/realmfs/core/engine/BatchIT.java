package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.citadel.realmfs.api.BatchEntryResult;
import org.citadel.realmfs.api.BatchEntryResult.Outcome;
import org.citadel.realmfs.api.BatchResult;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.ModuleFailedException;
import org.citadel.realmfs.api.RealmfsBatch;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.LayerUse;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real batch of three recipes on the default base, two at a time, on one package cache and one empty
 * layer cache: two build their trees, the third fails in a post-install module, and the batch names it
 * with its module and last lines while the others are built as if alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchIT {
    Path temp;
    BatchResult result;
    final Map<String, Set<Stage>> stagesStarted = new ConcurrentHashMap<>();

    @BeforeAll
    void aBatchOfThreeWithOneFailingEntry() throws IOException {
        temp = Files.createTempDirectory("realmfs-batch-it");
        RealmfsBuild withLess = RealmfsBuild.builder().packages("less")
                .postModule("mark", "echo with-less > /etc/batch-entry").build();
        RealmfsBuild plain = RealmfsBuild.builder()
                .postModule("mark", "echo plain > /etc/batch-entry").build();
        RealmfsBuild broken = RealmfsBuild.builder()
                .postModule("break-it", "echo about to fail\nfalse").build();
        result = RealmfsBatch.builder()
                .add("with-less", withLess, temp.resolve("with-less"), keptOnDisk())
                .add("plain", plain, temp.resolve("plain"), keptOnDisk())
                .add("broken", broken, temp.resolve("broken"), keptOnDisk())
                .parallelism(2)
                .packageCacheDirectory(ItSupport.PACKAGE_CACHE)
                .layerCacheDirectory(temp.resolve("layers"))
                .listener((name, event) -> {
                    if (event instanceof BuildEvent.StageStarted started) {
                        stagesStarted.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(started.stage());
                    }
                })
                .build()
                .run();
    }

    private static org.citadel.realmfs.api.BuildOptions keptOnDisk() {
        return ItSupport.options().keepRootfs(true).useTmpfs(false).build();
    }

    @Test
    void theTwoGoodEntriesAreBuiltEachWithItsOwnTree() {
        assertThat(result.entries()).extracting(BatchEntryResult::name).containsExactly("with-less", "plain", "broken");
        assertThat(result.entries()).extracting(BatchEntryResult::outcome)
                .containsExactly(Outcome.BUILT, Outcome.BUILT, Outcome.FAILED);
        assertThat(ItSupport.read(temp.resolve("with-less/rootfs/etc/batch-entry"))).isEqualTo("with-less\n");
        assertThat(ItSupport.read(temp.resolve("plain/rootfs/etc/batch-entry"))).isEqualTo("plain\n");
        assertThat(temp.resolve("with-less/rootfs/usr/bin/less")).isRegularFile();
        assertThat(temp.resolve("plain/rootfs/usr/bin/less")).doesNotExist();
        assertThat(result.entries().get(0).result().orElseThrow().installedPackages()).contains("less");
    }

    @Test
    void theFailingEntryIsNamedWithItsModuleAndLastLines() {
        BatchEntryResult broken = result.failed().get(0);

        assertThat(result.failed()).hasSize(1);
        assertThat(broken.name()).isEqualTo("broken");
        assertThat(broken.failure().orElseThrow()).isInstanceOfSatisfying(ModuleFailedException.class, failure -> {
            assertThat(failure.moduleName()).isEqualTo("break-it");
            assertThat(failure.stage()).isEqualTo(Stage.POST_INSTALL_MODULES);
            assertThat(failure.lastOutput()).contains("about to fail");
        });
        assertThat(result.toJson()).contains("\"name\":\"broken\",\"work_directory\":\"" + temp.resolve("broken") + "\","
                + "\"outcome\":\"failed\"").contains("\"module\":\"break-it\"").contains("\"about to fail\"");
    }

    @Test
    void theListenerFollowsEveryEntryByName() {
        assertThat(stagesStarted.keySet()).containsExactlyInAnyOrder("with-less", "plain", "broken");
        assertThat(stagesStarted.get("with-less")).contains(Stage.INSTALL_PACKAGES, Stage.WRITE_OUTPUTS);
        assertThat(stagesStarted.get("broken")).contains(Stage.POST_INSTALL_MODULES).doesNotContain(Stage.WRITE_OUTPUTS);
    }

    @Test
    void theEntryStartedLastReusesTheBootstrapLayerAnEarlierOneStored() {
        assertThat(result.entries().subList(0, 2)).extracting(entry -> entry.layers().orElseThrow().bootstrap())
                .containsOnlyOnce(LayerUse.BUILT);
        assertThat(result.entries().get(2).skippedStages()).containsKey(Stage.BOOTSTRAP);
        assertThat(result.entries().get(2).stageDurations()).doesNotContainKey(Stage.BOOTSTRAP)
                .containsKey(Stage.PREPARE_CHROOT);
    }

    @AfterAll
    void removeEverything() {
        assertThat(ItSupport.hostMountsIn(temp)).isEmpty();
        TreeRemover.removeTree(temp);
    }
}
