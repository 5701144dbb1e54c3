package org.citadel.realmfs.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.api.spi.BuildEngine;
import org.citadel.realmfs.core.archive.ArchiveProbe;
import org.citadel.realmfs.core.archive.HostAptSources;
import org.citadel.realmfs.core.cache.LayerCache;
import org.citadel.realmfs.core.events.BuildLog;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.host.HostRequirements;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.packagecache.BuildArchives;
import org.citadel.realmfs.core.sandbox.HostTmpfs;
import org.citadel.realmfs.core.sandbox.Sandbox;
import org.citadel.realmfs.core.stage.CommandRunner;
import org.citadel.realmfs.core.stage.StageContext;

/**
 * The engine behind {@link RealmfsBuild#run}: checks the host, locks the work directory, clears a
 * stale rootfs, then runs the pipeline inside a {@link Sandbox}, whose private mount namespace takes
 * every mount of the build with it when it closes, whatever happened.
 */
public final class DefaultBuildEngine implements BuildEngine {

    @Override
    public BuildResult run(RealmfsBuild recipe, Path workDirectory, BuildOptions options) {
        long start = System.nanoTime();
        RecipePreflight.check(recipe);
        HostRequirements.requireRoot();
        HostTools.onCommandPath().require("debootstrap", "debootstrap", "bootstrap the base system");
        WorkDirectory work = WorkDirectory.of(workDirectory, options);
        createDirectory(work.root());
        try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
             BuildLog log = new BuildLog(work.buildLog())) {
            EventDispatcher events = new EventDispatcher(log, options.listeners());
            try {
                URI mirror = recipe.mirror().orElseGet(DefaultBuildEngine::hostMirror);
                ArchiveProbe.ReleaseState release = new ArchiveProbe().probe(mirror, recipe.release());
                events.message(Stage.BOOTSTRAP, "Debian " + release.release() + " (" + release.codename()
                        + ") from " + mirror + ", InRelease sha256 " + release.inReleaseSha256());
                StaleRootfs.clear(work.rootfs());
                LayerCache layers = LayerCacheSetup.forBuild(recipe, options, work, release, events);
                BuildPipeline.PipelineResult result = runSandboxed(recipe, options, work, mirror, layers, events);
                Optional<Path> rootfs = options.keepRootfs() ? Optional.of(work.rootfs()) : Optional.empty();
                return new BuildResult(work.root(), rootfs, work.buildLog(), result.outputs(),
                        result.installedPackages(), result.durations(), Duration.ofNanos(System.nanoTime() - start));
            } catch (RealmfsException | UncheckedIOException e) {
                events.onEvent(new BuildEvent.Warning(null, "build failed: " + e.getMessage()));
                throw e;
            }
        }
    }

    private static BuildPipeline.PipelineResult runSandboxed(RealmfsBuild recipe, BuildOptions options,
            WorkDirectory work, URI mirror, LayerCache layers, EventDispatcher events) {
        createDirectory(work.rootfs());
        boolean keptTmpfs = options.useTmpfs() && options.keepRootfs();
        // A kept tmpfs must outlive the build's namespace, so it is mounted on the host before it; the
        // build's archives directory is bind-mounted in the sandbox, so it is removed after it.
        try (HostTmpfs hostTmpfs = keptTmpfs ? HostTmpfs.mount(work.rootfs(), options.tmpfsSize()) : null;
             BuildArchives archives = openPackageArchives(work, events);
             Sandbox sandbox = Sandbox.open("realmfs-build", recipe.hostname().orElse("localhost"),
                     warning -> events.warning(null, warning))) {
            BuildPipeline.PipelineResult result = sandbox.call(() -> {
                if (options.useTmpfs() && !keptTmpfs) {
                    sandbox.mounts().tmpfs(work.rootfs(), options.tmpfsSize());
                }
                StageContext context = new StageContext(recipe, options, work, mirror, sandbox.mounts(),
                        new CommandRunner(sandbox.spawner(), events), archives);
                try {
                    return new BuildPipeline(context, layers).run();
                } finally {
                    sandbox.mounts().unmountAllUnder(work.rootfs());
                }
            });
            if (hostTmpfs != null) {
                hostTmpfs.keep();
            }
            return result;
        }
    }

    private static BuildArchives openPackageArchives(WorkDirectory work, EventDispatcher events) {
        BuildArchives archives = BuildArchives.open(work.packageCache());
        archives.removedStale().forEach(directory -> events.message(Stage.BOOTSTRAP,
                "removed " + directory + ": the package directory of a build that no longer runs"));
        return archives;
    }

    private static URI hostMirror() {
        return HostAptSources.ofHost().debianMirror().orElseThrow(() -> new HostRequirementException(
                "The host's apt configuration (/etc/apt/sources.list, /etc/apt/sources.list.d) has no Debian"
                        + " mirror to build from; pass one with RealmfsBuild.builder().mirror(URI)"));
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }
}
