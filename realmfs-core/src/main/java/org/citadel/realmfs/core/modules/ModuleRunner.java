package org.citadel.realmfs.core.modules;

import java.time.Duration;
import java.util.List;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.InstallFileModule;
import org.citadel.realmfs.api.JavaModule;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.ModuleFailedException;
import org.citadel.realmfs.api.Phase;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.api.ShellModule;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.ScriptResult;
import org.citadel.realmfs.core.process.ShellSession;
import org.citadel.realmfs.core.process.OutputTail;
import org.citadel.realmfs.core.stage.PackageStage;
import org.citadel.realmfs.core.stage.StageContext;

/**
 * Runs a phase's modules in order. Shell modules share the build's one bash session inside the
 * chroot (started at the first shell module, closed with this runner), so a variable one module
 * exports is seen by the next; Java modules get a {@link ChrootModuleContext}.
 */
public final class ModuleRunner implements AutoCloseable {
    private final StageContext context;
    private final ShellRuntime runtime;
    private final ModuleOutput output;
    private ShellSession session;

    public ModuleRunner(StageContext context, ShellRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
        this.output = new ModuleOutput(context.events(), runtime.buildDir());
    }

    public void runPhase(Phase phase) {
        List<Module> modules = context.recipe().modules(phase);
        runtime.writeModules(context.rootfsFiles(), context.recipe(), phase);
        for (Module module : modules) {
            context.options().cancellation().ifPresent(c -> c.throwIfCancelled(phase.stage()));
            long start = System.nanoTime();
            context.events().onEvent(new BuildEvent.ModuleStarted(phase, module.name()));
            run(phase.stage(), module);
            context.events().onEvent(new BuildEvent.ModuleFinished(phase, module.name(),
                    Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    private void run(Stage stage, Module module) {
        if (module instanceof ShellModule shell) {
            runShell(stage, shell);
        } else if (module instanceof JavaModule java) {
            runJava(stage, java);
        } else {
            InstallFileModule file = (InstallFileModule) module;
            try {
                new FileInstaller(context.rootfsFiles()).install(file.source(), file.targetDirectory(), file.mode());
            } catch (RealmfsException e) {
                throw new ModuleFailedException(stage, module.name(), e);
            }
        }
    }

    private void runShell(Stage stage, ShellModule module) {
        ShellSession shell = session(stage);
        OutputTail tail = output.startModule(stage);
        ScriptResult result = shell.runScript(module.name(), runtime.runModuleScript(module.name()));
        if (result.exitCode() != 0) {
            throw new ModuleFailedException(stage, module.name(), result.exitCode(), tail.lines());
        }
    }

    private void runJava(Stage stage, JavaModule module) {
        output.startModule(stage);
        try {
            module.step().run(new ChrootModuleContext(context, runtime, output, stage));
        } catch (ModuleFailedException e) {
            throw e;
        } catch (Exception e) {
            throw new ModuleFailedException(stage, module.name(), e);
        }
    }

    private ShellSession session(Stage stage) {
        if (session == null) {
            Command bash = Command.inRoot(context.work().rootfs(), List.of("/bin/bash", "--noprofile", "--norc"))
                    .withEnvironment(PackageStage.APT_ENVIRONMENT)
                    .withEnvironment(runtime.environment());
            session = ShellSession.start(context.commands().spawner(), bash, output);
            OutputTail tail = output.startModule(stage);
            ScriptResult init = session.runScript("shell prelude", runtime.initScript());
            if (init.exitCode() != 0) {
                throw new ModuleFailedException(stage, "shell prelude (the recipe's"
                        + " shell functions and variables)", init.exitCode(), tail.lines());
            }
        }
        return session;
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
