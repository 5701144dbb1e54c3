package org.citadel.realmfs.core.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.events.BuildLog;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleOutputTest {
    @TempDir
    Path dir;

    @Test
    void bashsChrootPathOfAModuleFileBecomesTheModulesName() throws Exception {
        List<BuildEvent> events = new ArrayList<>();
        try (BuildLog log = new BuildLog(dir.resolve("log"))) {
            ModuleOutput output = new ModuleOutput(new EventDispatcher(log, List.of(events::add)), "/tmp/realmfs-build");
            var tail = output.startModule(Stage.POST_INSTALL_MODULES);

            output.accept("/tmp/realmfs-build/modules/file-mod: line 2: nosuchcommand: command not found");
            output.accept("cp: cannot stat '/tmp/realmfs-build/modules': nothing to rename");
            output.accept("/tmp/realmfs-build/module-path/0/found-by-name: line 3: x: command not found");
            output.accept("/tmp/realmfs-build/module-path/builtin/create-user: line 1: y: command not found");

            assertThat(tail.lines()).containsExactly("module file-mod: line 2: nosuchcommand: command not found",
                    "cp: cannot stat '/tmp/realmfs-build/modules': nothing to rename",
                    "module found-by-name: line 3: x: command not found",
                    "module create-user: line 1: y: command not found");
        }
        assertThat(events).contains(new BuildEvent.CommandOutput(Stage.POST_INSTALL_MODULES,
                "module file-mod: line 2: nosuchcommand: command not found"));
    }
}
