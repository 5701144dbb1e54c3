package org.citadel.realmfs.core.modules;

import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.CommandResult;
import org.citadel.realmfs.api.FileMode;
import org.citadel.realmfs.api.InstallFileModule;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.ModuleContext;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.stage.StageContext;

/** What a Java module sees: commands run chrooted, file access confined to the rootfs. */
final class ChrootModuleContext implements ModuleContext {
    private final StageContext context;
    private final ShellRuntime runtime;
    private final ModuleOutput output;
    private final Stage stage;
    private final FileInstaller files;

    ChrootModuleContext(StageContext context, ShellRuntime runtime, ModuleOutput output, Stage stage) {
        this.context = context;
        this.runtime = runtime;
        this.output = output;
        this.stage = stage;
        this.files = new FileInstaller(context.rootfsFiles());
    }

    @Override
    public RealmfsBuild recipe() {
        return context.recipe();
    }

    @Override
    public CommandResult run(List<String> command) {
        if (command.isEmpty()) {
            throw new InvalidRecipeException("run: empty command");
        }
        Command chrooted = context.commands().chroot(command).withEnvironment(runtime.environment());
        BuildCommands.Captured captured = context.commands().capture(output, chrooted);
        return new CommandResult(command, captured.exitCode(), captured.lines());
    }

    @Override
    public CommandResult shell(String script) {
        return run(List.of("/bin/bash", "--noprofile", "--norc", "-c", runtime.initScript() + script));
    }

    @Override
    public void writeFile(RootfsPath path, byte[] content, FileMode mode) {
        files.write(path, content, mode);
    }

    @Override
    public void installFile(Path hostFile, RootfsPath targetDirectory, FileMode mode) {
        InstallFileModule checked = new InstallFileModule(hostFile, targetDirectory, mode);
        files.install(checked.source(), checked.targetDirectory(), checked.mode());
    }

    @Override
    public byte[] readFile(RootfsPath path) {
        return context.rootfsFiles().read(path);
    }

    @Override
    public boolean exists(RootfsPath path) {
        return context.rootfsFiles().exists(path);
    }

    @Override
    public void info(String message) {
        context.events().onEvent(new BuildEvent.Message(stage, message));
    }
}
