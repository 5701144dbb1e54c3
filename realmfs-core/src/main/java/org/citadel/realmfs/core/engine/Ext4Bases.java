package org.citadel.realmfs.core.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.cache.LayerCache;
import org.citadel.realmfs.core.cache.LayerKind;
import org.citadel.realmfs.core.cache.PackageTreeCopy;
import org.citadel.realmfs.core.cache.StoredLayer;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.events.ProgressReport;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.citadel.realmfs.core.output.WriteOutputsStage;
import org.citadel.realmfs.core.output.image.Ext4Base;
import org.citadel.realmfs.core.output.image.Ext4BaseCache;
import org.citadel.realmfs.core.output.image.Ext4BaseSource;
import org.citadel.realmfs.core.output.image.Ext4DeltaWriter;
import org.citadel.realmfs.core.output.image.Ext4ImageWriter;
import org.citadel.realmfs.core.output.image.Ext4Size;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.citadel.realmfs.core.stage.FinishRootfsStage;
import org.citadel.realmfs.core.stage.StageContext;

/**
 * The base images of one build's ext4 outputs and RealmFS images ({@link Ext4DeltaWriter}): the
 * package layer's tree, finished and normalized as {@link Stage#FINISH_ROOTFS} would (same time),
 * in an image per size rule. They are a function of the package layer alone, so a cold build, one
 * with the layer cache and one restoring the cached package layer write the same bytes.
 *
 * <ul>
 *   <li>At the end of {@link Stage#INSTALL_PACKAGES} ({@link #makeFromRootfs}): the bases the layer
 *       cache's {@code ext4-bases} does not hold are made from a copy of the rootfs, as the layer
 *       cache stores it, in {@code <work>/ext4-base}; the copy is deleted when they are made.</li>
 *   <li>When the package layer was restored, the bases are looked up in {@code ext4-bases} when the
 *       output stage asks for them, and on a miss made there from the stored layer's tar.</li>
 * </ul>
 *
 * Without the layer cache (or a package layer it keeps), the bases are temporary files in the
 * scratch directory, deleted when the build ends. A build with tar outputs only makes none.
 */
final class Ext4Bases implements Ext4BaseSource, AutoCloseable {
    static final String SCRATCH = "ext4-base";

    private final StageContext context;
    private final LayerCache layers;
    private final Path scratch;
    private final Path layerView;
    private final List<Ext4Size> sizes;
    private final Optional<Ext4BaseCache> cache;
    private final Map<Ext4Size, Ext4Base> bases = new LinkedHashMap<>();
    /** Bases not kept in the cache: temporary files, deleted on close. */
    private final List<AtomicOutputFile> temporary = new ArrayList<>();
    private Optional<StoredLayer> restoredLayer = Optional.empty();
    private List<String> buildOnlyFiles = List.of();
    private String e2fsprogs;

    /**
     * @param scratch   a directory of this build's own (in its work directory): what a killed build left there is removed
     * @param layerView where the rootfs is viewed from with nothing mounted in it (see {@link LayerCache#store})
     */
    Ext4Bases(StageContext context, LayerCache layers, Path scratch, Path layerView) {
        this.context = context;
        this.layers = layers;
        this.scratch = scratch;
        this.layerView = layerView;
        this.sizes = WriteOutputsStage.ext4Sizes(context.options().outputs());
        this.cache = sizes.isEmpty() || layers.key(LayerKind.PACKAGES).isEmpty() ? Optional.empty()
                : layers.directory().map(directory -> Ext4BaseCache.besideLayerCache(directory, layers.sizeLimitBytes()));
        TreeRemover.removeTree(scratch);
    }

    /** What the plan says of the bases: where they are made, and when. */
    static List<PlannedStep> plan() {
        return List.of(PlannedStep.of(Stage.INSTALL_PACKAGES, PlannedStep.Action.WRITE_FILES, List.of(),
                        "make the base of the ext4 images: copy the rootfs as the package layer holds it to <work>/"
                                + SCRATCH + ", remove the build-only files and apt's binary caches there and normalize"
                                + " it as when the rootfs is finished, then mkfs.ext4 -d it (one image per size rule,"
                                + " in steps of 64 MiB; UUID and hash seed from the copy's digest) and list it; the"
                                + " copy is deleted")
                        .onlyWhen("when the build has an ext4 or RealmFS image output and the layer cache's "
                                + Ext4BaseCache.DIRECTORY_NAME + " holds no base of this package layer"),
                PlannedStep.of(Stage.WRITE_OUTPUTS, PlannedStep.Action.WRITE_FILES, List.of(),
                        "make the base of the ext4 images as above, from the cached package layer's tar")
                        .onlyWhen("when the package layer was restored from the layer cache and "
                                + Ext4BaseCache.DIRECTORY_NAME + " holds no base of it"));
    }

    /** The package layer was restored from the cache: bases missing from the cache are made from its tar. */
    void restoredFrom(StoredLayer layer) {
        restoredLayer = Optional.of(layer);
        buildOnlyFiles = layer.metadata().buildOnlyFiles();
    }

    /** At the end of {@link Stage#INSTALL_PACKAGES}: the bases the cache lacks, made from the rootfs. */
    void makeFromRootfs(List<String> buildOnlyFiles) {
        this.buildOnlyFiles = List.copyOf(buildOnlyFiles);
        List<Ext4Size> missing = sizes.stream().filter(size -> cached(size, Stage.INSTALL_PACKAGES).isEmpty()).toList();
        if (missing.isEmpty()) {
            return;
        }
        Path tree = scratch.resolve("tree");
        long start = System.nanoTime();
        PackageTreeCopy.ofRootfs(context.mounts(), context.rootfs(), layerView, scratch.resolve("tree.tar"), tree,
                ProgressReport.bytes(context.events(), Stage.INSTALL_PACKAGES,
                        "copy the rootfs for the ext4 base: write its layer tar"),
                ProgressReport.bytes(context.events(), Stage.INSTALL_PACKAGES,
                        "copy the rootfs for the ext4 base: restore its layer tar"));
        make(missing, tree, Stage.INSTALL_PACKAGES, start);
    }

    @Override
    public Ext4Base baseFor(Ext4Size size) {
        Ext4Base made = bases.get(size);
        if (made != null) {
            return made;
        }
        if (cached(size, Stage.WRITE_OUTPUTS).isPresent()) {
            return bases.get(size);
        }
        StoredLayer layer = restoredLayer.orElseThrow(() -> new IllegalStateException(
                "No ext4 base was made for " + size + " when the packages were installed"));
        Path tree = scratch.resolve("tree");
        long start = System.nanoTime();
        PackageTreeCopy.ofStoredLayer(layer, tree, ProgressReport.bytes(context.events(), Stage.WRITE_OUTPUTS,
                "restore the cached package layer for the ext4 base"));
        List<Ext4Size> missing = sizes.stream().filter(s -> !bases.containsKey(s)).toList();
        make(missing.contains(size) ? missing : List.of(size), tree, Stage.WRITE_OUTPUTS, start);
        return bases.get(size);
    }

    private Optional<Ext4Base> cached(Ext4Size size, Stage stage) {
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        String key = key(size, stage);
        Optional<Ext4Base> found = cache.get().find(key, warning -> context.events().warning(stage, warning),
                ProgressReport.bytes(context.events(), stage, "check the cached ext4 base "
                        + cache.get().imagePath(key).getFileName()));
        found.ifPresent(base -> {
            bases.put(size, base);
            context.events().message(stage, "the ext4 base " + base.image().getFileName() + " of the package layer"
                    + " is cached: no mkfs");
        });
        return found;
    }

    /** Finishes the copy {@code tree}, makes the base of each size from it, and deletes it. */
    private void make(List<Ext4Size> missing, Path tree, Stage stage, long start) {
        try {
            FinishRootfsStage.finishCopy(new RootfsFiles(tree), buildOnlyFiles, context.sourceDateEpoch().instant());
            Ext4DeltaWriter writer = new Ext4DeltaWriter(context.commands(), stage);
            for (Ext4Size size : missing) {
                bases.put(size, makeOne(writer, tree, size, stage));
            }
        } finally {
            TreeRemover.removeTree(tree);
        }
        context.events().message(stage, String.format("made %d ext4 base%s of the package layer in %.1f s",
                missing.size(), missing.size() == 1 ? "" : "s", (System.nanoTime() - start) / 1e9));
    }

    private Ext4Base makeOne(Ext4DeltaWriter writer, Path tree, Ext4Size size, Stage stage) {
        if (cache.isEmpty()) {
            HostFiles.createDirectories("the ext4 base directory", scratch);
            AtomicOutputFile image = new AtomicOutputFile(scratch.resolve("base-" + temporary.size() + ".ext4"));
            temporary.add(image);
            return writer.writeBase(tree, size, context.sourceDateEpoch().instant(), image);
        }
        String key = key(size, stage);
        try (AtomicOutputFile image = new AtomicOutputFile(cache.get().imagePath(key))) {
            Ext4Base written = writer.writeBase(tree, size, context.sourceDateEpoch().instant(), image);
            Ext4Base stored = cache.get().store(key, image, written);
            int evicted = cache.get().evictBeyondLimit(key);
            if (evicted > 0) {
                context.events().message(stage, "evicted " + evicted + " least recently used ext4 base"
                        + (evicted == 1 ? "" : "s"));
            }
            return stored;
        } catch (IOException e) {
            throw new BuildFailedException(stage, "Could not store the ext4 base in " + cache.get().directory()
                    + ": " + e.getMessage(), e);
        }
    }

    private String key(Ext4Size size, Stage stage) {
        return Ext4BaseCache.key(layers.key(LayerKind.PACKAGES).orElseThrow().digest(),
                context.sourceDateEpoch().instant().getEpochSecond(), size, Ext4ImageWriter.configSha256(),
                e2fsprogs(stage));
    }

    /** The first line of {@code mkfs.ext4 -V} ("mke2fs 1.47.0 (5-Feb-2023)"). */
    private String e2fsprogs(Stage stage) {
        if (e2fsprogs == null) {
            BuildCommands commands = context.commands();
            BuildCommands.Captured version = commands.capture(stage, commands.host("mkfs.ext4", "-V"));
            if (!version.succeeded() || version.lines().isEmpty()) {
                throw new BuildFailedException(stage, "mkfs.ext4 -V failed (exit code " + version.exitCode()
                        + "): is e2fsprogs installed?", version.lines());
            }
            e2fsprogs = version.lines().get(0).strip();
        }
        return e2fsprogs;
    }

    @Override
    public void close() {
        temporary.forEach(AtomicOutputFile::close);
        temporary.clear();
        TreeRemover.removeTree(scratch);
    }
}
