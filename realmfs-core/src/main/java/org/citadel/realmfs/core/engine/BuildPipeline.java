package org.citadel.realmfs.core.engine;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Phase;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.modules.ModuleRunner;
import org.citadel.realmfs.core.modules.ShellRuntime;
import org.citadel.realmfs.core.output.OutputStage;
import org.citadel.realmfs.core.stage.BootstrapStage;
import org.citadel.realmfs.core.stage.BuildOnlyFiles;
import org.citadel.realmfs.core.stage.ChrootSetup;
import org.citadel.realmfs.core.stage.FinishStage;
import org.citadel.realmfs.core.stage.PackageStage;
import org.citadel.realmfs.core.stage.StageContext;

/** The stages of one build in order, run on the sandbox thread; each reports start and end. */
final class BuildPipeline {
    private final StageContext context;
    private final Map<Stage, Duration> durations = new EnumMap<>(Stage.class);

    BuildPipeline(StageContext context) {
        this.context = context;
    }

    /** Runs every stage; returns the installed packages and the outputs written. */
    PipelineResult run() {
        timed(Stage.BOOTSTRAP, () -> {
            new BootstrapStage().run(context);
            return null;
        });
        BuildOnlyFiles buildOnlyFiles = new BuildOnlyFiles();
        timed(Stage.PREPARE_CHROOT, () -> {
            new ChrootSetup().run(context, buildOnlyFiles);
            return null;
        });
        ShellRuntime runtime = ShellRuntime.install(context.work().rootfs(), ChrootSetup.BUILD_DIR,
                context.recipe(), context.mirror().toString(), context.mounts());
        List<String> packages;
        try (ModuleRunner modules = new ModuleRunner(context, runtime)) {
            timed(Stage.PRE_INSTALL_MODULES, () -> {
                modules.runPhase(Phase.PRE_INSTALL);
                return null;
            });
            packages = timed(Stage.INSTALL_PACKAGES, () -> new PackageStage().run(context));
            timed(Stage.POST_INSTALL_MODULES, () -> {
                modules.runPhase(Phase.POST_INSTALL);
                return null;
            });
        }
        timed(Stage.FINISH_ROOTFS, () -> {
            new FinishStage().run(context, buildOnlyFiles);
            return null;
        });
        var outputs = timed(Stage.WRITE_OUTPUTS, () -> new OutputStage().run(context));
        return new PipelineResult(packages, outputs, Map.copyOf(durations));
    }

    private <T> T timed(Stage stage, Supplier<T> body) {
        long start = System.nanoTime();
        context.events().onEvent(new BuildEvent.StageStarted(stage));
        T result = body.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        durations.put(stage, took);
        context.events().onEvent(new BuildEvent.StageFinished(stage, took));
        return result;
    }

    record PipelineResult(List<String> installedPackages, Map<org.citadel.realmfs.api.Output, java.nio.file.Path> outputs,
                          Map<Stage, Duration> durations) {
    }
}
