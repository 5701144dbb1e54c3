package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real builds on one shared layer cache: one cold build, then rebuilds that each change one thing,
 * checked by which stages ran and which were skipped because a layer held their result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerCacheIT {
    Path temp;
    Path files;
    Path layerCache;
    Path coldTar;
    BuildResult cold;
    List<BuildEvent> coldEvents;

    @BeforeAll
    void coldBuildOnAnEmptyCache() throws IOException {
        temp = Files.createTempDirectory("realmfs-layer-cache-it");
        files = Files.createDirectories(temp.resolve("files"));
        Files.writeString(files.resolve("motd"), "hello\n");
        layerCache = temp.resolve("layers");
        coldTar = temp.resolve("cold.tar");
        coldEvents = new ArrayList<>();
        cold = build(base().build(), "cold", options(coldEvents).clearLayerCache(true).output(Output.tar(coldTar)));
    }

    RealmfsBuild.Builder base() {
        return RealmfsBuild.builder()
                .packages("less")
                .filesDirectory(files)
                .preModule("pre", "install_file 0644 motd /etc\nexport FROM_PRE=yes")
                .postModule("post", "echo v1 > /etc/post");
    }

    @Test
    void aColdBuildRunsEveryStageAndStoresBothLayers() {
        assertThat(ran(coldEvents)).contains(Stage.BOOTSTRAP, Stage.PRE_INSTALL_MODULES, Stage.INSTALL_PACKAGES);
        assertThat(messages(coldEvents)).contains("rebuilding the bootstrap layer: no bootstrap layer in the cache yet")
                .anyMatch(m -> m.startsWith("stored the bootstrap layer"))
                .anyMatch(m -> m.startsWith("stored the package layer"));
    }

    @Test
    void anUnchangedRecipeReusesThePackageLayerAndMakesTheSameTree() throws IOException {
        List<BuildEvent> events = new ArrayList<>();
        Path tar = temp.resolve("unchanged.tar");
        BuildResult result = build(base().build(), "unchanged", options(events).output(Output.tar(tar)));

        assertThat(skipped(events)).containsExactly(Stage.BOOTSTRAP, Stage.PRE_INSTALL_MODULES, Stage.INSTALL_PACKAGES);
        assertThat(result.installedPackages()).isEqualTo(cold.installedPackages());
        assertThat(listing(tar)).isEqualTo(listing(coldTar));
    }

    @Test
    void aPostInstallOnlyChangeReusesThePackageLayer() throws IOException {
        List<BuildEvent> events = new ArrayList<>();
        Path tar = temp.resolve("post-changed.tar");
        build(base().setPostModules(
                List.of(new org.citadel.realmfs.api.ShellModule("post", "echo v2 > /etc/post"))).build(),
                "post-changed", options(events).output(Output.tar(tar)));

        assertThat(skipped(events)).contains(Stage.INSTALL_PACKAGES);
        assertThat(ran(events)).contains(Stage.POST_INSTALL_MODULES);
        assertThat(listing(tar)).contains("./etc/post FILE 644 0:0 3 bytes");
    }

    @Test
    void aPackageChangeReusesTheBootstrapLayerAndRebuildsThePackageLayer() {
        List<BuildEvent> events = new ArrayList<>();
        build(base().packages("file").build(), "package-changed", options(events));

        assertThat(skipped(events)).containsExactly(Stage.BOOTSTRAP);
        assertThat(ran(events)).contains(Stage.PRE_INSTALL_MODULES, Stage.INSTALL_PACKAGES);
        assertThat(messages(events)).contains("rebuilding the package layer: packages changed (less → file less)");
    }

    @Test
    void aPreInstallModuleTextChangeRebuildsThePackageLayer() {
        List<BuildEvent> events = new ArrayList<>();
        build(base().setPreModules(
                List.of(new org.citadel.realmfs.api.ShellModule("pre", "install_file 0600 motd /etc"))).build(),
                "pre-changed", options(events));

        assertThat(skipped(events)).containsExactly(Stage.BOOTSTRAP);
        assertThat(messages(events)).anyMatch(m -> m.startsWith("rebuilding the package layer: pre-install module 1 pre changed"));
    }

    @Test
    void aChangedFileAPreInstallModuleCanInstallRebuildsThePackageLayer() throws IOException {
        Path otherFiles = Files.createDirectories(temp.resolve("other-files"));
        Files.writeString(otherFiles.resolve("motd"), "changed\n");
        List<BuildEvent> events = new ArrayList<>();
        RealmfsBuild changed = RealmfsBuild.builder().packages("less").filesDirectory(otherFiles)
                .preModule("pre", "install_file 0644 motd /etc\nexport FROM_PRE=yes")
                .postModule("post", "echo v1 > /etc/post").build();
        BuildResult result = build(changed, "file-changed", options(events).keepRootfs(true).useTmpfs(false));

        assertThat(skipped(events)).containsExactly(Stage.BOOTSTRAP);
        assertThat(messages(events)).anyMatch(m -> m.startsWith("rebuilding the package layer: files directory 1"));
        assertThat(ItSupport.read(result.rootfs().orElseThrow().resolve("etc/motd"))).isEqualTo("changed\n");
    }

    @Test
    void aDamagedPackageLayerIsReportedDeletedAndRebuiltNeverUsed() throws IOException {
        RealmfsBuild recipe = base().postModule("damage-test", "true").build();
        damageEveryPackageLayer();
        List<BuildEvent> events = new ArrayList<>();
        BuildResult result = build(recipe, "damaged", options(events).keepRootfs(true).useTmpfs(false));

        assertThat(events).anyMatch(e -> e instanceof BuildEvent.Warning w && w.text().contains("is damaged"));
        assertThat(skipped(events)).containsExactly(Stage.BOOTSTRAP);
        assertThat(ran(events)).contains(Stage.INSTALL_PACKAGES);
        assertThat(ItSupport.read(result.rootfs().orElseThrow().resolve("etc/motd"))).isEqualTo("hello\n");
    }

    @Test
    void twoBuildsAtTheSameTimeOnOneCacheBothSucceed() throws Exception {
        List<BuildEvent> reusing = Collections.synchronizedList(new ArrayList<>());
        List<BuildEvent> storing = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<BuildResult> a = pool.submit(() -> build(base().build(), "concurrent-a", options(reusing)));
            Future<BuildResult> b = pool.submit(() -> build(base().packages("file").preModule("extra", "true").build(),
                    "concurrent-b", options(storing)));
            a.get();
            b.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(skipped(reusing)).contains(Stage.INSTALL_PACKAGES);
        assertThat(ran(storing)).contains(Stage.INSTALL_PACKAGES);
        assertThat(layerCache.resolve("staging")).isEmptyDirectory();
        List<BuildEvent> again = new ArrayList<>();
        build(base().packages("file").preModule("extra", "true").build(), "concurrent-b", options(again));
        assertThat(skipped(again)).contains(Stage.INSTALL_PACKAGES);
    }

    @AfterAll
    void removeEverything() {
        assertThat(ItSupport.hostMountsIn(temp)).isEmpty();
        TreeRemover.removeTree(temp);
    }

    private BuildResult build(RealmfsBuild recipe, String workName, BuildOptions.Builder options) {
        return recipe.run(temp.resolve("work-" + workName), options.build());
    }

    private BuildOptions.Builder options(List<BuildEvent> events) {
        return ItSupport.options().layerCacheDirectory(layerCache).listener(events::add);
    }

    private void damageEveryPackageLayer() throws IOException {
        try (var layers = Files.newDirectoryStream(layerCache.resolve("layers"), "package-*")) {
            for (Path layer : layers) {
                Path tar = layer.resolve("layer.tar");
                try (var file = new java.io.RandomAccessFile(tar.toFile(), "rw")) {
                    file.seek(file.length() / 2);
                    int b = file.read();
                    file.seek(file.length() / 2);
                    file.write(b ^ 1);
                }
            }
        }
    }

    private static List<Stage> skipped(List<BuildEvent> events) {
        return events.stream().filter(e -> e instanceof BuildEvent.StageSkipped)
                .map(e -> ((BuildEvent.StageSkipped) e).stage()).toList();
    }

    private static List<Stage> ran(List<BuildEvent> events) {
        return events.stream().filter(e -> e instanceof BuildEvent.StageStarted)
                .map(e -> ((BuildEvent.StageStarted) e).stage()).toList();
    }

    private static List<String> messages(List<BuildEvent> events) {
        return events.stream().filter(e -> e instanceof BuildEvent.Message)
                .map(e -> ((BuildEvent.Message) e).text()).toList();
    }

    /** Every entry of a tar with all it preserves but its mtime: name, type, mode, owner, size, link, device, xattrs. */
    private static List<String> listing(Path tar) throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
             TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
                String type = e.isDirectory() ? "DIR" : e.isSymbolicLink() ? "SYMLINK" : e.isLink() ? "HARDLINK"
                        : e.isCharacterDevice() ? "CHR" : e.isBlockDevice() ? "BLK" : e.isFIFO() ? "FIFO" : "FILE";
                StringBuilder line = new StringBuilder(e.getName()).append(' ').append(type).append(' ')
                        .append(Integer.toOctalString(e.getMode() & 07777)).append(' ')
                        .append(e.getLongUserId()).append(':').append(e.getLongGroupId()).append(' ')
                        .append(e.getSize()).append(" bytes");
                if (!e.getLinkName().isEmpty()) {
                    line.append(" -> ").append(e.getLinkName());
                }
                if (e.isCharacterDevice() || e.isBlockDevice()) {
                    line.append(' ').append(e.getDevMajor()).append(',').append(e.getDevMinor());
                }
                TreeMap<String, String> xattrs = new TreeMap<>();
                e.getExtraPaxHeaders().forEach((k, v) -> {
                    if (k.startsWith("SCHILY.xattr.")) {
                        xattrs.put(k, v);
                    }
                });
                if (!xattrs.isEmpty()) {
                    line.append(' ').append(xattrs);
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }
}
