package org.citadel.realmfs.core.engine;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildHandle;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildPlan;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.api.spi.BuildEngine;
import org.citadel.realmfs.core.archive.ArchiveProbe;
import org.citadel.realmfs.core.archive.HostAptSources;
import org.citadel.realmfs.core.archive.SourceDateEpoch;
import org.citadel.realmfs.core.cache.LayerCache;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.events.BuildLog;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.host.HostRequirements;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.output.StagingFiles;
import org.citadel.realmfs.core.output.WrittenOutputs;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.citadel.realmfs.core.sandbox.DetachedMount;
import org.citadel.realmfs.core.packagecache.BuildArchives;
import org.citadel.realmfs.core.sandbox.Sandbox;
import org.citadel.realmfs.core.stage.StageContext;

/**
 * The engine behind {@link RealmfsBuild#start} and {@link RealmfsBuild#run}: on the build's own
 * thread ({@link StartedBuild}), it checks the host, locks the work directory, clears a stale rootfs
 * and the unfinished files of killed builds, then runs the pipeline inside a {@link Sandbox}, whose
 * private mount namespace takes every mount of the build with it when it closes, whatever happened.
 */
public final class DefaultBuildEngine implements BuildEngine {

    @Override
    public BuildPlan plan(RealmfsBuild recipe) {
        return BuildPlanner.plan(recipe);
    }

    /** The whole build, preflight included, runs on the handle's thread; {@code run} waits for it. */
    @Override
    public BuildHandle start(RealmfsBuild recipe, Path workDirectory, BuildOptions options) {
        return StartedBuild.start(workDirectory, options, withHandle -> build(recipe, workDirectory, withHandle));
    }

    private static BuildResult build(RealmfsBuild recipe, Path workDirectory, BuildOptions options) {
        long start = System.nanoTime();
        RecipePreflight.check(recipe);
        HostRequirements.requireRoot();
        HostTools.onCommandPath().debootstrap();
        WorkDirectory work = WorkDirectory.of(workDirectory, options);
        HostFiles.createDirectories("the work directory", work.root());
        try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
             BuildLog log = new BuildLog(work.buildLog())) {
            EventDispatcher events = new EventDispatcher(log, options.listeners());
            try (BuildCancellationWatch cancellation = BuildCancellationWatch.start(options.cancellation(), events)) {
                try {
                    URI mirror = recipe.mirror().orElseGet(DefaultBuildEngine::hostMirror);
                    ArchiveProbe.ReleaseState release = new ArchiveProbe().probe(mirror, recipe.release());
                    events.message(Stage.BOOTSTRAP, "Debian " + release.release() + " (" + release.codename()
                            + ") from " + mirror + ", InRelease sha256 " + release.inReleaseSha256());
                    SourceDateEpoch epoch = SourceDateEpoch.resolve(options, System.getenv(), release);
                    events.message(Stage.BOOTSTRAP, "Files dated " + epoch);
                    StaleRootfs.clear(work, events);
                    removeAbandonedStagingFiles(work, options, events);
                    try (LayerCache layers = LayerCacheSetup.forBuild(recipe, options, work, release, events)) {
                        cancellation.throwIfCancelled();
                        BuildPipeline.PipelineResult result = buildRootfs(recipe, options, work, release, epoch, layers, events,
                                cancellation);
                        Optional<Path> rootfs = options.keepRootfs() ? Optional.of(work.rootfs()) : Optional.empty();
                        WrittenOutputs outputs = result.outputs();
                        return new BuildResult(work.root(), rootfs, work.buildLog(), outputs.paths(),
                                result.installedPackages(), result.durations(),
                                Duration.ofNanos(System.nanoTime() - start), outputs.hostKeys(), layers.uses(),
                                Optional.of(outputs.sbom()), outputs.sbomFiles());
                    }
                } catch (RuntimeException e) {
                    throw cancellation.explain(e);
                }
            } catch (BuildCancelledException e) {
                throw e; // reported once already, by the Cancelled event
            } catch (RuntimeException e) {
                events.buildFailed(e);
                throw e;
            }
        }
    }

    /**
     * Runs the pipeline with the rootfs marked incomplete until it completed; a rootfs that is not to
     * be kept is removed afterwards, whether the build succeeded or not.
     */
    private static BuildPipeline.PipelineResult buildRootfs(RealmfsBuild recipe, BuildOptions options,
            WorkDirectory work, ArchiveProbe.ReleaseState release, SourceDateEpoch epoch, LayerCache layers,
            EventDispatcher events, BuildCancellationWatch cancellation) {
        IncompleteRootfsMarker.place(work);
        BuildPipeline.PipelineResult result;
        try {
            result = runSandboxed(recipe, options, work, release, epoch, layers, events, cancellation);
        } catch (RuntimeException | Error e) {
            try {
                if (!options.keepRootfs()) {
                    TreeRemover.removeTree(work.rootfs());
                    IncompleteRootfsMarker.remove(work);
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        if (!options.keepRootfs()) {
            TreeRemover.removeTree(work.rootfs());
        }
        IncompleteRootfsMarker.remove(work);
        return result;
    }

    /**
     * The rootfs tmpfs is mounted inside the sandbox, so it ends with the build however the build
     * ends; only a build that completed and keeps it attaches a clone of it on the host.
     */
    private static BuildPipeline.PipelineResult runSandboxed(RealmfsBuild recipe, BuildOptions options,
            WorkDirectory work, ArchiveProbe.ReleaseState release, SourceDateEpoch epoch, LayerCache layers,
            EventDispatcher events, BuildCancellationWatch cancellation) {
        HostFiles.createDirectories("the rootfs directory", work.rootfs());
        boolean keptTmpfs = options.useTmpfs() && options.keepRootfs();
        // The build's archives directory is bind-mounted in the sandbox, so it is removed after it.
        try (BuildArchives archives = openPackageArchives(work, events);
             Sandbox sandbox = Sandbox.open("build " + work.root(), recipe.hostname().orElse("localhost"),
                     events::warning)) {
            cancellation.sandboxOpened(sandbox);
            try {
                SandboxedRootfs built = sandbox.call(() -> {
                    if (options.useTmpfs()) {
                        sandbox.mounts().tmpfs(work.rootfs(), options.tmpfsSize());
                    }
                    if (keptTmpfs) {
                        // fails now, not after the whole build, on a kernel without open_tree (Linux < 5.2)
                        sandbox.mounts().detachedClone(work.rootfs()).close();
                    }
                    StageContext context = new StageContext(recipe, options, release, epoch, sandbox.mounts(),
                            BuildCommands.spawnedBy(sandbox.spawner(), events, work.rootfs()), archives);
                    BuildPipeline.PipelineResult result;
                    try {
                        result = new BuildPipeline(context, work.layerView(), work.ext4Base(), layers, sandbox::endBuildProcesses).run();
                    } finally {
                        sandbox.mounts().unmountAllBelow(work.rootfs());
                    }
                    cancellation.throwIfCancelled();
                    return new SandboxedRootfs(result,
                            keptTmpfs ? Optional.of(sandbox.mounts().detachedClone(work.rootfs())) : Optional.empty());
                });
                try (DetachedMount kept = built.keptTmpfs().orElse(null)) {
                    if (kept != null) {
                        kept.attachOnHost(work.rootfs());
                    }
                }
                return built.result();
            } finally {
                cancellation.sandboxClosed();
            }
        }
    }

    /** Staging files of killed builds in the work directory and beside each output. */
    private static void removeAbandonedStagingFiles(WorkDirectory work, BuildOptions options, EventDispatcher events) {
        Set<Path> directories = new LinkedHashSet<>();
        directories.add(work.root());
        options.outputs().forEach(output -> directories.add(output.path().toAbsolutePath().normalize().getParent()));
        for (Path directory : directories) {
            List<Path> removed = StagingFiles.removeAbandoned(directory);
            if (!removed.isEmpty()) {
                events.message(Stage.BOOTSTRAP, "removed " + removed.size() + " unfinished output file"
                        + (removed.size() == 1 ? "" : "s") + " that killed builds left in " + directory + ": "
                        + removed.stream().map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    private static BuildArchives openPackageArchives(WorkDirectory work, EventDispatcher events) {
        BuildArchives archives = BuildArchives.open(work.packageCache());
        archives.removedStale().forEach(directory -> events.message(Stage.BOOTSTRAP,
                "removed " + directory + ": the package directory of a build that no longer runs"));
        return archives;
    }

    private record SandboxedRootfs(BuildPipeline.PipelineResult result, Optional<DetachedMount> keptTmpfs) {
    }

    private static URI hostMirror() {
        return HostAptSources.ofHost().debianMirror().orElseThrow(() -> new HostRequirementException(
                "The host's apt configuration (/etc/apt/sources.list, /etc/apt/sources.list.d) has no Debian"
                        + " mirror to build from; pass one with RealmfsBuild.builder().mirror(URI)"));
    }
}
