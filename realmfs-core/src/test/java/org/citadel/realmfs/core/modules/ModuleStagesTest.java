package org.citadel.realmfs.core.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.citadel.realmfs.api.BuildCancellation;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.ModuleFailedException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.commands.FakeProcesses;
import org.citadel.realmfs.core.commands.FakeProcesses.Run;
import org.citadel.realmfs.core.commands.FakeProcesses.Script;
import org.citadel.realmfs.core.process.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a phase's modules run: in order, shell modules in one shared chrooted bash, failures named. */
class ModuleStagesTest {
    @TempDir
    Path dir;

    @Test
    void a_phases_modules_run_in_order_each_reported_as_started_and_finished() throws IOException {
        Path host = Files.writeString(dir.resolve("motd"), "welcome\n");
        List<String> ran = new ArrayList<>();
        RealmfsBuild recipe = RealmfsBuild.builder()
                .postModule("first", "echo one")
                .postModule("second", context -> ran.add("second"))
                .installFile(host, "/etc", 0644)
                .build();

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, FakeProcesses.succeeding());
             ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
            runner.runPhase(Stage.POST_INSTALL_MODULES);

            assertThat(moduleEvents(fixture)).containsExactly(
                    "started first", "finished first", "started second", "finished second",
                    "started install-file /etc/motd", "finished install-file /etc/motd");
            assertThat(fixture.processes.scripts()).extracting(Script::label).containsExactly("shell prelude", "first");
            assertThat(ran).containsExactly("second");
            assertThat(fixture.rootfs.resolve("etc/motd")).hasContent("welcome");
        }
    }

    @Test
    void shell_modules_share_one_bash_chrooted_into_the_rootfs_with_the_apt_and_runtime_environment()
            throws IOException {
        RealmfsBuild recipe = RealmfsBuild.builder()
                .preModule("a", "export X=1").postModule("b", "echo $X").build();

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, FakeProcesses.succeeding())) {
            try (ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
                runner.runPhase(Stage.PRE_INSTALL_MODULES);
                runner.runPhase(Stage.POST_INSTALL_MODULES);

                assertThat(fixture.processes.shellsStarted()).hasSize(1);
                Command bash = fixture.processes.shellsStarted().get(0);
                assertThat(bash.root()).contains(fixture.rootfs);
                assertThat(bash.argv()).containsExactly("/bin/bash", "--noprofile", "--norc");
                assertThat(bash.environment()).containsAllEntriesOf(BuildCommands.APT_ENVIRONMENT)
                        .containsAllEntriesOf(fixture.runtime.environment());
                assertThat(fixture.processes.scripts()).extracting(Script::bashCode).containsExactly(
                        fixture.runtime.initScript(), fixture.runtime.runModuleScript("a"),
                        fixture.runtime.runModuleScript("b"));
            }
            assertThat(fixture.processes.shellsOpen()).as("the shell ends with the runner").isZero();
        }
    }

    @Test
    void a_phase_without_shell_modules_starts_no_shell() throws IOException {
        RealmfsBuild recipe = RealmfsBuild.builder().postModule("java", context -> { }).build();

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, FakeProcesses.succeeding());
             ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
            runner.runPhase(Stage.POST_INSTALL_MODULES);

            assertThat(fixture.processes.shellsStarted()).isEmpty();
        }
    }

    @Test
    void what_a_shell_module_prints_is_reported_in_its_stage_with_bashs_file_name_turned_into_the_modules()
            throws IOException {
        RealmfsBuild recipe = RealmfsBuild.builder().postModule("noisy", "nosuchcommand").build();
        FakeProcesses processes = scripted(script -> script.label().equals("noisy")
                ? Run.printing(0, ChrootFixture.BUILD_DIR + "/modules/noisy: line 1: nosuchcommand: command not found")
                : Run.printing(0));

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, processes);
             ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
            runner.runPhase(Stage.POST_INSTALL_MODULES);

            assertThat(fixture.commands.events()).contains(new BuildEvent.CommandOutput(Stage.POST_INSTALL_MODULES,
                    "module noisy: line 1: nosuchcommand: command not found"));
            assertThat(fixture.commands.logLines()).contains("module noisy: line 1: nosuchcommand: command not found");
        }
    }

    @Test
    void a_failing_shell_module_fails_the_phase_with_its_name_exit_code_and_last_lines_and_stops_it()
            throws IOException {
        RealmfsBuild recipe = RealmfsBuild.builder()
                .preModule("breaks", "false").preModule("never", "true").build();
        FakeProcesses processes = scripted(script -> script.label().equals("breaks")
                ? Run.printing(3, "about to fail", "it failed") : Run.printing(0));

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, processes);
             ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
            assertThatThrownBy(() -> runner.runPhase(Stage.PRE_INSTALL_MODULES))
                    .isInstanceOfSatisfying(ModuleFailedException.class, e -> {
                        assertThat(e.moduleName()).isEqualTo("breaks");
                        assertThat(e.exitCode()).isEqualTo(3);
                        assertThat(e.stage()).isEqualTo(Stage.PRE_INSTALL_MODULES);
                        assertThat(e.lastOutput()).containsExactly("about to fail", "it failed");
                    });
            assertThat(fixture.processes.scripts()).extracting(Script::label).doesNotContain("never");
        }
    }

    @Test
    void a_failing_prelude_fails_the_first_shell_module_naming_the_recipes_shell_functions() throws IOException {
        RealmfsBuild recipe = RealmfsBuild.builder().preModule("m", "true").build();
        FakeProcesses processes = scripted(script -> script.label().equals("shell prelude")
                ? Run.printing(2, "prelude.sh: line 1: syntax error") : Run.printing(0));

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, processes);
             ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
            assertThatThrownBy(() -> runner.runPhase(Stage.PRE_INSTALL_MODULES))
                    .isInstanceOfSatisfying(ModuleFailedException.class, e -> {
                        assertThat(e.moduleName()).startsWith("shell prelude");
                        assertThat(e.lastOutput()).containsExactly("prelude.sh: line 1: syntax error");
                    });
            assertThat(fixture.processes.scripts()).extracting(Script::label).containsExactly("shell prelude");
        }
    }

    @Test
    void a_java_module_that_throws_fails_with_its_name_and_the_cause() throws IOException {
        IllegalStateException cause = new IllegalStateException("no such user");
        RealmfsBuild recipe = RealmfsBuild.builder().postModule("users", context -> {
            throw cause;
        }).build();

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, FakeProcesses.succeeding());
             ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
            assertThatThrownBy(() -> runner.runPhase(Stage.POST_INSTALL_MODULES))
                    .isInstanceOfSatisfying(ModuleFailedException.class, e -> {
                        assertThat(e.moduleName()).isEqualTo("users");
                        assertThat(e.stage()).isEqualTo(Stage.POST_INSTALL_MODULES);
                        assertThat(e.getCause()).isSameAs(cause);
                    });
        }
    }

    @Test
    void an_install_file_module_whose_host_file_is_gone_fails_with_the_modules_name() throws IOException {
        Path host = Files.writeString(dir.resolve("gone.conf"), "x");
        RealmfsBuild recipe = RealmfsBuild.builder().installFile(host, "/etc", 0644).build();
        Files.delete(host);

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, FakeProcesses.succeeding());
             ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
            assertThatThrownBy(() -> runner.runPhase(Stage.POST_INSTALL_MODULES))
                    .isInstanceOfSatisfying(ModuleFailedException.class, e -> {
                        assertThat(e.moduleName()).isEqualTo("install-file /etc/gone.conf");
                        assertThat(e).hasMessageContaining(host.toString());
                    });
            assertThat(fixture.rootfs.resolve("etc/gone.conf")).doesNotExist();
        }
    }

    @Test
    void a_cancelled_build_starts_no_further_module() throws IOException {
        BuildCancellation cancellation = new BuildCancellation();
        List<String> ran = new ArrayList<>();
        RealmfsBuild recipe = RealmfsBuild.builder()
                .preModule("cancels", context -> {
                    ran.add("cancels");
                    cancellation.cancel("the user pressed Ctrl-C");
                })
                .preModule("after", context -> ran.add("after"))
                .build();
        BuildOptions options = BuildOptions.builder().cancellation(cancellation).build();

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, options, FakeProcesses.succeeding());
             ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
            assertThatThrownBy(() -> runner.runPhase(Stage.PRE_INSTALL_MODULES)).isInstanceOf(BuildCancelledException.class)
                    .hasMessageContaining("Ctrl-C");
            assertThat(ran).containsExactly("cancels");
        }
    }

    @Test
    void the_pre_install_state_is_what_the_capture_script_left_in_the_rootfs() throws IOException {
        RealmfsBuild recipe = RealmfsBuild.builder().preModule("exports", "export A=1").build();
        Path[] rootfs = new Path[1];
        FakeProcesses processes = scripted(script -> {
            if (script.label().equals("shell state capture")) {
                write(rootfs[0].resolve("tmp/realmfs-build/shell-state.sh"), "export A=1\n");
                write(rootfs[0].resolve("tmp/realmfs-build/shell-state.refused"), "");
            }
            return Run.printing(0);
        });
        rootfs[0] = dir.resolve("rootfs");

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, processes);
             ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
            runner.captureStateOfPreInstall();
            runner.runPhase(Stage.PRE_INSTALL_MODULES);

            assertThat(runner.capturePreInstallState()).isEqualTo(new ShellState("export A=1\n", List.of()));
            assertThat(fixture.processes.scripts()).extracting(Script::label)
                    .containsExactly("shell prelude", "shell state", "exports", "shell state capture");
        }
    }

    @Test
    void a_restored_state_is_sourced_by_the_post_install_shell_right_after_the_prelude() throws IOException {
        RealmfsBuild recipe = RealmfsBuild.builder().postModule("uses", "echo $A").build();

        try (ChrootFixture fixture = new ChrootFixture(dir, recipe, FakeProcesses.succeeding());
             ModuleStages runner = new ModuleStages(fixture.context, fixture.runtime)) {
            runner.restoreShellState(new ShellState("export A=1\n", List.of()));
            runner.runPhase(Stage.POST_INSTALL_MODULES);

            assertThat(fixture.rootfs.resolve("tmp/realmfs-build/shell-state.sh")).hasContent("export A=1");
            assertThat(fixture.processes.scripts()).extracting(Script::label)
                    .containsExactly("shell prelude", "shell state", "uses");
            assertThat(fixture.processes.scripts().get(1).bashCode()).contains("tmp/realmfs-build/shell-state.sh");
        }
    }

    private static FakeProcesses scripted(Function<Script, Run> scripts) {
        return new FakeProcesses(command -> Run.printing(0), scripts);
    }

    private static List<String> moduleEvents(ChrootFixture fixture) {
        List<String> seen = new ArrayList<>();
        for (BuildEvent event : fixture.commands.events()) {
            if (event instanceof BuildEvent.ModuleStarted started) {
                seen.add("started " + started.module());
            } else if (event instanceof BuildEvent.ModuleFinished finished) {
                seen.add("finished " + finished.module());
            }
        }
        return seen;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
