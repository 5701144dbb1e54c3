package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.output.image.Ext4BaseCache;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The base of the ext4 images in the layer cache's {@code ext4-bases}: a cold build makes it after
 * the packages and stores it; a rebuild after a post-install change restores the package layer
 * and finds the base (no mkfs runs); a damaged base is detected, deleted and made again from the
 * cached layer's tar, giving the bytes of the cold build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Ext4BaseCacheIT {
    /** What mkfs.ext4 prints when it makes a filesystem (mkfs.ext4 -V, for the key, does not). */
    private static final String MKFS_RAN = "Creating filesystem with";

    Path temp;
    Path layerCache;
    Path bases;
    Path coldExt4;
    List<BuildEvent> coldEvents = new ArrayList<>();

    @BeforeAll
    void coldBuild() throws IOException {
        temp = Files.createTempDirectory("realmfs-ext4-base-cache-it");
        layerCache = temp.resolve("layers");
        bases = layerCache.resolve(Ext4BaseCache.DIRECTORY_NAME);
        coldExt4 = temp.resolve("cold.ext4");
        recipe("v1").run(temp.resolve("work-cold"), ItSupport.options().layerCacheDirectory(layerCache)
                .clearLayerCache(true).listener(coldEvents::add).output(Output.ext4(coldExt4)).build());
    }

    @AfterAll
    void removeTheTemporaryDirectory() {
        TreeRemover.removeTree(temp);
    }

    private static RealmfsBuild recipe(String post) {
        return RealmfsBuild.builder().postModule("post", "echo " + post + " > /etc/post").build();
    }

    @Test
    @Order(1)
    void aColdBuildMakesTheBaseAfterThePackagesAndStoresIt() throws IOException {
        assertThat(coldEvents).as("mkfs of the base, under the package installation")
                .anyMatch(e -> e instanceof BuildEvent.CommandOutput out && out.stage() == Stage.INSTALL_PACKAGES
                        && out.line().contains(MKFS_RAN))
                .noneMatch(e -> e instanceof BuildEvent.CommandOutput out && out.stage() == Stage.WRITE_OUTPUTS
                        && out.line().contains(MKFS_RAN))
                .anyMatch(e -> e instanceof BuildEvent.Message m && m.stage() == Stage.INSTALL_PACKAGES
                        && m.text().startsWith("made 1 ext4 base of the package layer"));
        assertThat(sealed()).hasSize(1);
        assertProgressed(coldEvents, Stage.INSTALL_PACKAGES, "copy the rootfs for the ext4 base: write its layer tar", false);
        assertProgressed(coldEvents, Stage.INSTALL_PACKAGES, "copy the rootfs for the ext4 base: restore its layer tar", true);
        assertProgressed(coldEvents, Stage.INSTALL_PACKAGES, "mkfs.ext4 -d: write the ext4 image ", true);
        assertProgressed(coldEvents, Stage.INSTALL_PACKAGES, "debugfs: finish the ext4 image ", true);
        assertThat(Files.list(temp.resolve("work-cold")).map(p -> p.getFileName().toString()))
                .as("the copy of the package tree and its tar are gone").doesNotContain(Ext4Bases.SCRATCH);
    }

    @Test
    @Order(2)
    void aRebuildAfterAPostInstallChangeFindsTheBaseAndRunsNoMkfs() throws IOException {
        List<BuildEvent> events = new ArrayList<>();
        Path ext4 = temp.resolve("v2.ext4");
        recipe("v2").run(temp.resolve("work-v2"), ItSupport.options().layerCacheDirectory(layerCache)
                .listener(events::add).output(Output.ext4(ext4)).build());

        assertThat(events).anyMatch(e -> e instanceof BuildEvent.StageSkipped s && s.stage() == Stage.INSTALL_PACKAGES)
                .anyMatch(e -> e instanceof BuildEvent.Message m && m.stage() == Stage.WRITE_OUTPUTS
                        && m.text().contains("is cached: no mkfs"))
                .noneMatch(e -> e instanceof BuildEvent.CommandOutput out && out.line().contains(MKFS_RAN));
        assertThat(debugfsCat(ext4, "/etc/post")).isEqualTo("v2\n");
        assertProgressed(events, Stage.WRITE_OUTPUTS, "check the cached ext4 base ", true);
        assertProgressed(events, Stage.WRITE_OUTPUTS, "copy the ext4 base ", true);
        assertProgressed(events, Stage.WRITE_OUTPUTS, "debugfs: apply the rootfs's changes to the ext4 image v2.ext4", true);
    }

    @Test
    @Order(3)
    void aDamagedBaseIsDetectedAndMadeAgainFromTheCachedLayerGivingTheColdBuildsBytes() throws IOException {
        Path image = sealed().get(0).resolveSibling(sealed().get(0).getFileName().toString().replace(".base", ".ext4"));
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(1024 + 0x78); // the superblock's volume name: a block that is never a hole
            file.write('X');
        }
        List<BuildEvent> events = new ArrayList<>();
        Path ext4 = temp.resolve("again.ext4");
        recipe("v1").run(temp.resolve("work-again"), ItSupport.options().layerCacheDirectory(layerCache)
                .listener(events::add).output(Output.ext4(ext4)).build());

        assertThat(events).anyMatch(e -> e instanceof BuildEvent.Warning w && w.text().contains("is damaged")
                        && w.text().contains(image.toString()))
                .anyMatch(e -> e instanceof BuildEvent.CommandOutput out && out.stage() == Stage.WRITE_OUTPUTS
                        && out.line().contains(MKFS_RAN))
                .anyMatch(e -> e instanceof BuildEvent.Message m && m.stage() == Stage.WRITE_OUTPUTS
                        && m.text().startsWith("made 1 ext4 base of the package layer"));
        assertThat(Files.mismatch(ext4, coldExt4)).as("the same bytes as the cold build").isEqualTo(-1);
        assertThat(sealed()).hasSize(1);
        assertProgressed(events, Stage.WRITE_OUTPUTS, "restore the cached package layer for the ext4 base", true);
    }

    /**
     * The step whose name starts with {@code what} reported progress in {@code stage}: counts that never
     * go back, and (if {@code totalKnown}) one total, reached at the end.
     */
    private static void assertProgressed(List<BuildEvent> events, Stage stage, String what, boolean totalKnown) {
        List<BuildEvent.Progress> progress = events.stream().filter(BuildEvent.Progress.class::isInstance)
                .map(BuildEvent.Progress.class::cast).filter(p -> p.stage() == stage && p.what().startsWith(what))
                .toList();
        assertThat(progress).as(what).isNotEmpty();
        assertThat(progress.stream().map(BuildEvent.Progress::what).distinct()).as(what).hasSize(1);
        assertThat(progress.stream().map(BuildEvent.Progress::done).toList()).as(what).isSorted();
        BuildEvent.Progress last = progress.get(progress.size() - 1);
        assertThat(last.done()).as(what).isPositive();
        if (totalKnown) {
            assertThat(progress).as(what).allSatisfy(p -> assertThat(p.total()).isEqualTo(last.total()));
            assertThat(last.done()).as(what).isEqualTo(last.total());
        }
    }

    private List<Path> sealed() throws IOException {
        try (Stream<Path> files = Files.list(bases)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".base")).toList();
        }
    }

    private static String debugfsCat(Path image, String path) throws IOException {
        Process debugfs = new ProcessBuilder("debugfs", "-R", "cat " + path, image.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(debugfs.getInputStream().readAllBytes());
            assertThat(debugfs.waitFor()).isZero();
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
