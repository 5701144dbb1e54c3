package org.citadel.realmfs.core.modules;

import java.nio.charset.StandardCharsets;
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
import org.citadel.realmfs.core.commands.BuildShell;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.ScriptResult;
import org.citadel.realmfs.core.process.OutputTail;
import org.citadel.realmfs.core.stage.StageContext;

/**
 * Runs a phase's modules in order. Shell modules share the build's one bash session inside the
 * chroot (started at the first shell module, closed with this runner), so a variable one module
 * exports is seen by the next; Java modules get a {@link ChrootModuleContext}.
 *
 * <p>When asked to ({@link #captureStateOfPreInstall}), a session started for the pre-install phase
 * notes its state after the prelude, so that
 * {@link #capturePreInstallState} can tell what the pre-install modules changed; a session started
 * for the post-install phase of a build that restored the package layer first re-creates that
 * state ({@link #restoreShellState}), so its modules see what they see in a cold build.
 */
public final class ModuleRunner implements AutoCloseable {
    private final StageContext context;
    private final ShellRuntime runtime;
    private final ModuleOutput output;
    private BuildShell session;
    private ShellState restoredState = ShellState.NONE;
    private boolean captureState;

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

    /** Makes {@link #capturePreInstallState} possible (call before the pre-install phase). */
    public void captureStateOfPreInstall() {
        if (session != null) {
            throw new IllegalStateException("The shell session has started already; its state can no longer be noted");
        }
        captureState = true;
    }

    /**
     * The state the pre-install modules left in the session (call after the pre-install phase):
     * {@link ShellState#NONE} when no shell module ran.
     */
    public ShellState capturePreInstallState() {
        if (!captureState) {
            throw new IllegalStateException("captureStateOfPreInstall was not called before the pre-install phase");
        }
        if (session == null) {
            return ShellState.NONE;
        }
        String stateFile = runtime.buildDir() + "/shell-state.sh";
        String refusedFile = runtime.buildDir() + "/shell-state.refused";
        OutputTail tail = output.startModule(Stage.PRE_INSTALL_MODULES);
        ScriptResult result = session.runScript("shell state capture", "__realmfs_capture_state "
                + ShellQuoting.quote(stateFile) + " " + ShellQuoting.quote(refusedFile) + "\n");
        if (result.exitCode() == 0 && !result.shellEnded()) {
            List<String> refusals = text(refusedFile).lines().toList();
            return refusals.isEmpty() ? new ShellState(text(stateFile), List.of()) : new ShellState("", refusals);
        }
        throw new ModuleFailedException(Stage.PRE_INSTALL_MODULES, "shell state capture (what the pre-install"
                + " modules left in the shell, for the package layer)", result.exitCode(), tail.lines());
    }

    /**
     * Makes the session, when it starts, re-create {@code state} right after the prelude (call
     * before the post-install phase of a build whose package layer was restored).
     */
    public void restoreShellState(ShellState state) {
        if (session != null) {
            throw new IllegalStateException("The shell session has started already; its state cannot be restored");
        }
        if (!state.refusals().isEmpty()) {
            throw new IllegalArgumentException("A refused shell state cannot be restored: " + state.refusal().get());
        }
        this.restoredState = state;
    }

    private String text(String rootfsPath) {
        return new String(context.rootfsFiles().read(rootfsPath), StandardCharsets.UTF_8);
    }

    private static Phase phaseOf(Stage stage) {
        return stage == Stage.PRE_INSTALL_MODULES ? Phase.PRE_INSTALL : Phase.POST_INSTALL;
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
        BuildShell shell = session(stage, phaseOf(stage));
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

    private BuildShell session(Stage stage, Phase phase) {
        if (session == null) {
            Command bash = context.commands().chroot(List.of("/bin/bash", "--noprofile", "--norc"))
                    .withEnvironment(runtime.environment());
            session = context.commands().startShell(output, bash);
            OutputTail tail = output.startModule(stage);
            ScriptResult init = session.runScript("shell prelude", runtime.initScript());
            if (init.exitCode() != 0) {
                throw new ModuleFailedException(stage, "shell prelude (the recipe's"
                        + " shell functions and variables)", init.exitCode(), tail.lines());
            }
            String after = phase == Phase.PRE_INSTALL ? (captureState ? "__realmfs_mark_state\n" : "") : restoreScript();
            if (!after.isEmpty()) {
                ScriptResult state = session.runScript("shell state", after);
                if (state.exitCode() != 0) {
                    throw new ModuleFailedException(stage, phase == Phase.PRE_INSTALL ? "shell state mark"
                            : "restored shell state (what the pre-install modules left in the shell, kept"
                            + " with the package layer)", state.exitCode(), tail.lines());
                }
            }
        }
        return session;
    }

    private String restoreScript() {
        if (restoredState.script().isEmpty()) {
            return "";
        }
        String file = runtime.buildDir() + "/shell-state.sh";
        context.rootfsFiles().write(file, restoredState.script().getBytes(StandardCharsets.UTF_8), 0644);
        return ". " + ShellQuoting.quote(file) + "\n";
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
