package org.citadel.realmfs.core.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.cache.LayerCache;
import org.citadel.realmfs.core.cache.LayerKind;
import org.citadel.realmfs.core.cache.LayerNotes;
import org.citadel.realmfs.core.cache.StoredLayer;
import org.citadel.realmfs.core.linux.FreeSpaceWatch;
import org.citadel.realmfs.core.modules.ModuleStages;
import org.citadel.realmfs.core.modules.ShellState;
import org.citadel.realmfs.core.modules.ShellRuntime;
import org.citadel.realmfs.core.output.WriteOutputsStage;
import org.citadel.realmfs.core.output.image.XzChunkCache;
import org.citadel.realmfs.core.output.WrittenOutputs;
import org.citadel.realmfs.core.stage.AptState;
import org.citadel.realmfs.core.stage.BootstrapStage;
import org.citadel.realmfs.core.stage.BuildOnlyFiles;
import org.citadel.realmfs.core.stage.PrepareChrootStage;
import org.citadel.realmfs.core.stage.FinishRootfsStage;
import org.citadel.realmfs.core.stage.PackagePublisher;
import org.citadel.realmfs.core.stage.InstallPackagesStage;
import org.citadel.realmfs.core.stage.RootfsSpace;
import org.citadel.realmfs.core.stage.StageContext;

/**
 * The stages of one build in order, run on the sandbox thread; each reports start and end. The
 * deepest cached layer is restored first, and the stages whose result it holds are skipped; the
 * layers the build makes are stored as it goes. The package files it downloads are published to
 * the shared package cache after each stage that downloads and when it ends, also on failure.
 */
final class BuildPipeline {
    private final StageContext context;
    private final Path layerView;
    private final LayerCache layers;
    private final Runnable endBuildProcesses;
    private final Map<Stage, Duration> durations = new EnumMap<>(Stage.class);
    private final PackagePublisher packagePublisher;
    private boolean modulesStarted;

    /**
     * @param endBuildProcesses ends every process the build started (daemons included) and waits
     *     for them: run after the last module, so that nothing changes the rootfs while it is finished and packed
     * @param layerView where a stored layer's rootfs is viewed from (see {@link LayerCache#store})
     */
    BuildPipeline(StageContext context, Path layerView, LayerCache layers, Runnable endBuildProcesses) {
        this.context = context;
        this.layerView = layerView;
        this.layers = layers;
        this.endBuildProcesses = endBuildProcesses;
        this.packagePublisher = new PackagePublisher(context);
    }

    /** Runs every stage; returns the installed packages and the outputs written. */
    PipelineResult run() {
        try {
            return runStages();
        } finally {
            if (modulesStarted) {
                packagePublisher.publishVerified(context.events().currentStage());
            } else {
                packagePublisher.publishBootstrapDownloads();
            }
        }
    }

    private PipelineResult runStages() {
        Path rootfs = context.rootfs();
        Optional<StoredLayer> restored = tellingAFullFilesystem(() -> layers.restoreDeepest(rootfs));
        Optional<StoredLayer> packageLayer = restored.filter(layer -> layer.key().kind() == LayerKind.PACKAGES);
        if (restored.isPresent()) {
            skipped(Stage.BOOTSTRAP, restored.get());
            BootstrapStage.bindPackageCache(context);
        } else {
            timed(Stage.BOOTSTRAP, () -> {
                new BootstrapStage().run(context);
                packagePublisher.publishBootstrapDownloads();
                storeLayer(LayerKind.BOOTSTRAP, LayerNotes.NONE);
                return null;
            });
        }
        BuildOnlyFiles buildOnlyFiles = new BuildOnlyFiles(context.rootfsFiles());
        AptState afterBootstrap = timed(Stage.PREPARE_CHROOT, () -> {
            new PrepareChrootStage().run(context, buildOnlyFiles);
            restored.ifPresent(layer -> layer.metadata().buildOnlyFiles()
                    .forEach(buildOnlyFiles::adopt));
            return packageLayer.isPresent() ? null : AptState.of(rootfs);
        });
        ShellRuntime runtime = ShellRuntime.install(context.rootfsFiles(), PrepareChrootStage.BUILD_DIR,
                context.recipe(), context.mirror().toString(), context.mounts());
        List<String> packages;
        try (ModuleStages modules = new ModuleStages(context, runtime)) {
            if (packageLayer.isPresent()) {
                skipped(Stage.PRE_INSTALL_MODULES, packageLayer.get());
                skipped(Stage.INSTALL_PACKAGES, packageLayer.get());
                packages = packageLayer.get().metadata().installedPackages();
                modules.restoreShellState(new ShellState(packageLayer.get().metadata().shellState(), List.of()));
            } else {
                // Only a stored package layer needs the state; a build without one keeps its session.
                boolean keepsState = layers.caches(LayerKind.PACKAGES);
                ShellState shellState = timed(Stage.PRE_INSTALL_MODULES, () -> {
                    modulesStarted = true;
                    if (keepsState) {
                        modules.captureStateOfPreInstall();
                    }
                    modules.runPhase(Stage.PRE_INSTALL_MODULES);
                    return keepsState ? modules.capturePreInstallState() : ShellState.NONE;
                });
                shellState.refusal().ifPresent(why -> context.events().onEvent(new BuildEvent.Warning(
                        Stage.PRE_INSTALL_MODULES, "The package layer is not cached: the pre-install modules left"
                        + " state in the shell that a later build could not re-create from it (" + why
                        + "). End background jobs (wait), close extra file descriptors and clear traps"
                        + " (trap - SIGNAL) before the pre-install phase ends to let it be cached.")));
                packages = timed(Stage.INSTALL_PACKAGES, () -> {
                    List<String> installed = new InstallPackagesStage(afterBootstrap, packagePublisher).run(context);
                    if (shellState.refusal().isEmpty()) {
                        storeLayer(LayerKind.PACKAGES, new LayerNotes(buildOnlyFiles.files(), installed,
                                shellState.script()));
                    } else {
                        layers.abandon(LayerKind.PACKAGES);
                    }
                    return installed;
                });
            }
            timed(Stage.POST_INSTALL_MODULES, () -> {
                modulesStarted = true;
                modules.runPhase(Stage.POST_INSTALL_MODULES);
                return null;
            });
        }
        endBuildProcesses.run();
        timed(Stage.FINISH_ROOTFS, () -> {
            new FinishRootfsStage().run(context, buildOnlyFiles);
            return null;
        });
        var outputs = timed(Stage.WRITE_OUTPUTS, () -> new WriteOutputsStage(layers.directory()
                .map(directory -> XzChunkCache.besideLayerCache(directory, layers.sizeLimitBytes()))).run(context));
        return new PipelineResult(packages, outputs, Map.copyOf(durations));
    }

    private void storeLayer(LayerKind kind, LayerNotes notes) {
        layers.store(kind, context.rootfs(), context.mounts(), layerView, notes);
    }

    private void skipped(Stage stage, StoredLayer layer) {
        throwIfCancelled();
        context.events().onEvent(new BuildEvent.StageSkipped(stage,
                "the cached " + layer.key().kind().label() + " layer " + layer.key().shortDigest() + " holds its result"));
    }

    private <T> T timed(Stage stage, Supplier<T> body) {
        throwIfCancelled();
        long start = System.nanoTime();
        context.events().onEvent(new BuildEvent.StageStarted(stage));
        T result = tellingAFullFilesystem(body);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        durations.put(stage, took);
        context.events().onEvent(new BuildEvent.StageFinished(stage, took));
        return result;
    }

    /** Runs {@code body}; if it fails for lack of space in the rootfs or the package cache, says so. */
    private <T> T tellingAFullFilesystem(Supplier<T> body) {
        try (FreeSpaceWatch space = RootfsSpace.watch(context)) {
            try {
                return body.get();
            } catch (RuntimeException e) {
                throw RootfsSpace.explain(context, space, e);
            }
        }
    }

    /** A cancelled build stops between stages (its running command was killed already). */
    private void throwIfCancelled() {
        context.options().cancellation().ifPresent(c -> c.throwIfCancelled(context.events().currentStage()));
    }

    record PipelineResult(List<String> installedPackages, WrittenOutputs outputs, Map<Stage, Duration> durations) {
    }
}
