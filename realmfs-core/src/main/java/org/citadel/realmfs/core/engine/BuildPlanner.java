package org.citadel.realmfs.core.engine;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.BuildPlan;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.modules.ModuleStages;
import org.citadel.realmfs.core.modules.ShellRuntime;
import org.citadel.realmfs.core.output.WriteOutputsStage;
import org.citadel.realmfs.core.stage.PrepareChrootStage;
import org.citadel.realmfs.core.stage.StagePlans;

/**
 * A recipe's {@link BuildPlan}, in the order {@link BuildPipeline} runs it, each stage's steps
 * given by the stage's own code (StagePlans beside the stage classes, ModuleStages, ShellRuntime) (the commands it runs, the paths it mounts on or writes). A cold
 * build takes every step; one that restores a cached layer skips the stages that layer holds.
 */
final class BuildPlanner {
    private BuildPlanner() {
    }

    static BuildPlan plan(RealmfsBuild recipe) {
        String mirror = recipe.mirror().map(URI::toString).orElse(PlannedStep.HOST_MIRROR);
        List<PlannedStep> steps = new ArrayList<>();
        steps.addAll(StagePlans.bootstrap(recipe, PlannedStep.ROOTFS, mirror));
        steps.addAll(StagePlans.prepareChroot());
        steps.addAll(ShellRuntime.plan(recipe, PrepareChrootStage.BUILD_DIR));
        steps.addAll(ModuleStages.plan(recipe, Stage.PRE_INSTALL_MODULES));
        steps.addAll(StagePlans.installPackages(recipe));
        steps.add(Ext4Bases.plan().get(0));
        steps.addAll(ModuleStages.plan(recipe, Stage.POST_INSTALL_MODULES));
        steps.add(PlannedStep.of(Stage.POST_INSTALL_MODULES, PlannedStep.Action.END_PROCESSES, List.of(),
                "end every process of the build (daemons a module started too), so nothing changes the rootfs"
                        + " while it is finished and packed"));
        steps.addAll(StagePlans.finishRootfs(recipe));
        steps.add(Ext4Bases.plan().get(1));
        steps.addAll(WriteOutputsStage.plan());
        return new BuildPlan(recipe.release(), recipe.mirror(), recipe.variant(), recipe.bootstrapIncludes(),
                recipe.allPackages(), names(recipe.preModules()), names(recipe.postModules()), steps);
    }

    private static List<String> names(List<Module> modules) {
        return modules.stream().map(Module::name).toList();
    }
}
