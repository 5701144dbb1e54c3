package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.LayerUse;
import org.citadel.realmfs.api.LayerUses;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same recipe, archive state and SOURCE_DATE_EPOCH give the same bytes in every output (tar,
 * tar.xz, ext4, an uncompressed RealmFS image and what is written beside each), whatever the work
 * directory and whatever the layer cache holds, and whether debootstrap found the package index and
 * the answers to its queries that the package cache keeps; another epoch changes only the times. Five real
 * builds of a small recipe with a package, modules and an installed file; a mismatch shows
 * diffoscope's summary. Only the two cold builds write the tar.xz: compressing this tar takes 2 to 4
 * minutes here, and its bytes follow from the tar's and xz's fixed options (XzCompressorTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReproducibleBuildIT {
    static final Instant EPOCH = Instant.parse("2025-06-01T12:00:00Z");
    static final Instant OTHER_EPOCH = Instant.parse("2025-06-02T00:00:00Z");

    Path base;
    Path layerCache;
    RealmfsBuild recipe;
    /** The first cold build's outputs (it stored both layers); the second's had no layer cache at all. */
    OutputDigests cold;

    @BeforeAll
    void buildTwiceCold() throws IOException {
        base = Files.createTempDirectory("realmfs-reproducible-it");
        layerCache = base.resolve("layers");
        recipe = ReproducibilityRecipe.recipe(base.resolve("files"));
        // the first cold build runs debootstrap on its own (what the package cache keeps of the
        // archive's indexes is only ever an optimization), the second on what the first kept
        TreeRemover.removeTree(ItSupport.PACKAGE_CACHE.resolve(".indexes"));
        cold = build("cold-with-empty-cache", ItSupport.options().layerCacheDirectory(layerCache), true, EPOCH);
    }

    @AfterAll
    void removeBuilds() {
        TreeRemover.removeTree(base);
    }

    @Test
    @Order(1)
    void twoColdBuildsInOtherWorkDirectoriesGiveTheSameBytesTheSecondOnTheIndexAndAnswersTheFirstKept() throws IOException {
        OutputDigests second = build("cold-without-cache", ItSupport.options().useLayerCache(false), true, EPOCH);

        cold.assertSameAs(second);
        assertThat(log("cold-with-empty-cache")).doesNotContain("copied 1 package index file(s)")
                .containsPattern("debootstrap's package-index queries: [0-9]+ answered from the package cache, [1-9][0-9]* by the index");
        assertThat(log("cold-with-empty-cache")).containsPattern("Get:[0-9]+ .* Translation-en");
        assertThat(log("cold-without-cache")).contains("copied 1 package index file(s) of this archive state")
                .containsPattern("debootstrap's package-index queries: [1-9][0-9]* answered from the package cache, 0 by")
                .containsPattern("copied [1-9][0-9]* index file\\(s\\) of this archive state .*apt-get update")
                .doesNotContainPattern("Get:[0-9]+ .* Translation-en");
    }

    private String log(String build) throws IOException {
        return Files.readString(base.resolve("work-" + build + "/realmfs-build.log"));
    }

    @Test
    @Order(2)
    void aRebuildFromBothCachedLayersGivesTheColdBytes() throws IOException {
        assertThat(cold.layers()).as("the first cold build stored both layers")
                .isEqualTo(new LayerUses(LayerUse.BUILT, LayerUse.BUILT));

        OutputDigests cached = build("cached", ItSupport.options().layerCacheDirectory(layerCache));

        assertThat(cached.layers()).isEqualTo(new LayerUses(LayerUse.RESTORED, LayerUse.RESTORED));
        cold.withoutTarXz().assertSameAs(cached);
    }

    @Test
    @Order(3)
    void aRebuildFromTheBootstrapLayerAloneGivesTheColdBytes() throws IOException {
        try (var packageLayers = Files.newDirectoryStream(layerCache.resolve("layers"), "package-*")) {
            for (Path layer : packageLayers) {
                TreeRemover.removeTree(layer);
            }
        }

        OutputDigests fromBootstrap = build("bootstrap-layer-only", ItSupport.options().layerCacheDirectory(layerCache));

        assertThat(fromBootstrap.layers()).isEqualTo(new LayerUses(LayerUse.RESTORED, LayerUse.BUILT));
        cold.withoutTarXz().assertSameAs(fromBootstrap);
    }

    @Test
    @Order(4)
    void anotherEpochChangesTheBytesAndOnlyTheTimes() throws IOException {
        OutputDigests later = build("other-epoch", ItSupport.options().layerCacheDirectory(layerCache), false, OTHER_EPOCH);

        List<String> outputs = cold.digests().keySet().stream()
                .filter(name -> name.equals(ReproducibilityRecipe.TAR) || name.equals(ReproducibilityRecipe.EXT4)
                        || name.startsWith(ReproducibilityRecipe.REALMFS_DIRECTORY + "/") && name.endsWith(".img"))
                .toList();
        assertThat(outputs).hasSize(3);
        for (String output : outputs) {
            assertThat(later.digests().get(output)).as(output).isNotEqualTo(cold.digests().get(output));
        }
        TarListing coldTar = TarListing.of(cold.file(ReproducibilityRecipe.TAR));
        TarListing laterTar = TarListing.of(later.file(ReproducibilityRecipe.TAR));
        assertThat(laterTar.withoutTimes()).isEqualTo(coldTar.withoutTimes());
        assertThat(coldTar.latestTime()).isEqualTo(EPOCH.getEpochSecond());
        assertThat(laterTar.latestTime()).isEqualTo(OTHER_EPOCH.getEpochSecond());
        assertThat(coldTar.shadowDays()).containsEntry("./etc/shadow", "20240"); // 2025-06-01, with no aging fields
        assertThat(laterTar.shadowDays()).containsEntry("./etc/shadow", "20241");
        assertThat(laterTar.namesWhoseTimeDiffersFrom(coldTar)).contains("./etc/motd", "./etc/greeting",
                "./var/lib/hello/state", "./usr/lib/systemd/system/hello.service");
    }

    private OutputDigests build(String name, BuildOptions.Builder options) throws IOException {
        return build(name, options, false, EPOCH);
    }

    private OutputDigests build(String name, BuildOptions.Builder options, boolean withTarXz, Instant epoch)
            throws IOException {
        return ReproducibilityRecipe.build(recipe, base, name, options, withTarXz, Optional.of(epoch));
    }
}
