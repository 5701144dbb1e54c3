package org.citadel.realmfs.core.modules;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.InstallFileModule;
import org.citadel.realmfs.api.JavaModule;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.ModuleFailedException;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.api.ShellModule;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildShell;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.ScriptResult;
import org.citadel.realmfs.core.process.OutputTail;
import org.citadel.realmfs.core.stage.StageContext;

/**
 * {@link Stage#PRE_INSTALL_MODULES} and {@link Stage#POST_INSTALL_MODULES}: runs each stage's modules
 * in order. Shell modules of both share the build's one bash session inside the chroot (started at
 * the first shell module, closed with this object), so a variable one module
 * exports is seen by the next; Java modules get a {@link ChrootModuleContext}.
 *
 * <p>When asked to ({@link #captureStateOfPreInstall}), a session started for the pre-install phase
 * notes its state after the prelude, so that
 * {@link #capturePreInstallState} can tell what the pre-install modules changed; a session started
 * for the post-install phase of a build that restored the package layer first re-creates that
 * state ({@link #restoreShellState}), so its modules see what they see in a cold build.
 */
public final class ModuleStages implements AutoCloseable {
    static final List<String> SHELL = List.of("/bin/bash", "--noprofile", "--norc");

    private final StageContext context;
    private final ShellRuntime runtime;
    private final ModuleOutput output;
    private BuildShell session;
    private ShellState restoredState = ShellState.NONE;
    private boolean captureState;

    public ModuleStages(StageContext context, ShellRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
        this.output = new ModuleOutput(context.events(), runtime.buildDir());
    }

    /**
     * Runs the recipe's modules of {@code stage}: {@link Stage#PRE_INSTALL_MODULES} or
     * {@link Stage#POST_INSTALL_MODULES}.
     */
    public void runPhase(Stage stage) {
        List<Module> modules = switch (stage) {
            case PRE_INSTALL_MODULES -> context.recipe().preModules();
            case POST_INSTALL_MODULES -> context.recipe().postModules();
            default -> throw new IllegalArgumentException("No modules run in the stage " + stage
                    + "; modules run in " + Stage.PRE_INSTALL_MODULES + " and " + Stage.POST_INSTALL_MODULES);
        };
        runtime.writeModules(context.rootfsFiles(), context.recipe(), stage);
        for (Module module : modules) {
            context.options().cancellation().ifPresent(c -> c.throwIfCancelled(stage));
            long start = System.nanoTime();
            context.events().onEvent(new BuildEvent.ModuleStarted(stage, module.name()));
            run(stage, module);
            context.events().onEvent(new BuildEvent.ModuleFinished(stage, module.name(),
                    Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    /**
     * What running the modules of {@code stage} (a module stage) does, in order: the shell session
     * started before the recipe's first shell module, then each module.
     */
    public static List<PlannedStep> plan(RealmfsBuild recipe, Stage stage) {
        List<Module> modules = stage == Stage.PRE_INSTALL_MODULES ? recipe.preModules()
                : recipe.postModules();
        boolean sessionStartedBefore = stage == Stage.POST_INSTALL_MODULES
                && recipe.preModules().stream().anyMatch(ShellModule.class::isInstance);
        int sessionStart = sessionStartedBefore ? -1 : firstShellModule(modules);
        List<PlannedStep> steps = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            Module module = modules.get(i);
            if (i == sessionStart) {
                steps.add(PlannedStep.command(stage, PlannedStep.Action.CHROOT_COMMAND, SHELL, "start the build's"
                        + " one bash session, which every shell module of both stages runs in: the builder's"
                        + " helpers, the recipe's environment, prelude and shell functions"));
            }
            steps.add(planned(stage, module));
        }
        return steps;
    }

    private static int firstShellModule(List<Module> modules) {
        for (int i = 0; i < modules.size(); i++) {
            if (modules.get(i) instanceof ShellModule) {
                return i;
            }
        }
        return -1;
    }

    private static PlannedStep planned(Stage stage, Module module) {
        if (module instanceof ShellModule) {
            return PlannedStep.of(stage, PlannedStep.Action.SHELL_MODULE, List.of(), "shell module " + module.name()
                    + " (set -e: its first failing command fails it)");
        } else if (module instanceof JavaModule java) {
            return PlannedStep.of(stage, PlannedStep.Action.JAVA_MODULE, List.of(), "Java module " + module.name()
                    + ", in the build's JVM: its commands run in the chroot, its files stay inside the rootfs"
                    + (stage == Stage.PRE_INSTALL_MODULES && java.cacheKey().isEmpty()
                    ? "; without a cache key, it keeps the package layer from being cached" : ""));
        }
        InstallFileModule file = (InstallFileModule) module;
        return new PlannedStep(stage, PlannedStep.Action.INSTALL_FILE, List.of(), List.of(file.targetPath()),
                Optional.empty(), "install " + file.source() + " as " + file.targetPath() + " (" + file.mode()
                + ", owned by root, replacing what is there; missing directories are made 0755)");
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
        BuildShell shell = session(stage);
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

    private BuildShell session(Stage stage) {
        if (session == null) {
            Command bash = context.commands().chroot(SHELL)
                    .withEnvironment(runtime.environment());
            session = context.commands().startShell(output, bash);
            OutputTail tail = output.startModule(stage);
            ScriptResult init = session.runScript("shell prelude", runtime.initScript());
            if (init.exitCode() != 0) {
                throw new ModuleFailedException(stage, "shell prelude (the recipe's"
                        + " shell functions and variables)", init.exitCode(), tail.lines());
            }
            boolean preInstall = stage == Stage.PRE_INSTALL_MODULES;
            String after = preInstall ? (captureState ? "__realmfs_mark_state\n" : "") : restoreScript();
            if (!after.isEmpty()) {
                ScriptResult state = session.runScript("shell state", after);
                if (state.exitCode() != 0) {
                    throw new ModuleFailedException(stage, preInstall ? "shell state mark"
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
