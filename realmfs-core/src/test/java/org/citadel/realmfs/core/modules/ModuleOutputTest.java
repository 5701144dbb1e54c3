package org.citadel.realmfs.core.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.FakeProcesses;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleOutputTest {
    private static final List<String> PRINTED = List.of(
            "/tmp/realmfs-build/modules/file-mod: line 2: nosuchcommand: command not found",
            "cp: cannot stat '/tmp/realmfs-build/modules': nothing to rename",
            "/tmp/realmfs-build/module-path/0/found-by-name: line 3: x: command not found",
            "/tmp/realmfs-build/module-path/builtin/create-user: line 1: y: command not found");

    @TempDir
    Path dir;

    @Test
    void bashsChrootPathOfAModuleFileBecomesTheModulesName() throws Exception {
        FakeProcesses processes = new FakeProcesses(command -> new FakeProcesses.Run(PRINTED, 0),
                script -> FakeProcesses.Run.printing(0));
        List<BuildEvent> events;
        List<String> tailLines;
        try (RecordedCommands commands = RecordedCommands.of(processes, dir, dir.resolve("rootfs"))) {
            ModuleOutput output = new ModuleOutput(commands.dispatcher(), "/tmp/realmfs-build");
            var tail = output.startModule(Stage.POST_INSTALL_MODULES);

            commands.commands().run(output, commands.commands().chroot(List.of("bash", "-c", "module file-mod")));
            tailLines = tail.lines();
            events = commands.events();
        }

        assertThat(tailLines).containsExactly("module file-mod: line 2: nosuchcommand: command not found",
                "cp: cannot stat '/tmp/realmfs-build/modules': nothing to rename",
                "module found-by-name: line 3: x: command not found",
                "module create-user: line 1: y: command not found");
        assertThat(events).contains(new BuildEvent.CommandOutput(Stage.POST_INSTALL_MODULES,
                "module file-mod: line 2: nosuchcommand: command not found"));
    }

    @Test
    void theInfoAndWarnHelpersLinesAreAlsoMessagesInTheModulesStage() throws Exception {
        FakeProcesses processes = new FakeProcesses(command -> FakeProcesses.Run.printing(0,
                "realmfs:info: users created", "realmfs:warn: no network"), script -> FakeProcesses.Run.printing(0));
        List<BuildEvent> events;
        try (RecordedCommands commands = RecordedCommands.of(processes, dir, dir.resolve("rootfs"))) {
            ModuleOutput output = new ModuleOutput(commands.dispatcher(), "/tmp/realmfs-build");
            output.startModule(Stage.PRE_INSTALL_MODULES);

            commands.commands().run(output, commands.commands().chroot(List.of("true")));
            events = commands.events();
        }

        assertThat(events).containsExactly(
                new BuildEvent.CommandOutput(Stage.PRE_INSTALL_MODULES, "realmfs:info: users created"),
                new BuildEvent.Message(Stage.PRE_INSTALL_MODULES, "users created"),
                new BuildEvent.CommandOutput(Stage.PRE_INSTALL_MODULES, "realmfs:warn: no network"),
                new BuildEvent.Warning(Stage.PRE_INSTALL_MODULES, "no network"));
    }
}
