package org.citadel.realmfs.core.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.CommandResult;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.commands.FakeProcesses;
import org.citadel.realmfs.core.commands.FakeProcesses.Run;
import org.citadel.realmfs.core.process.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a Java module sees: its commands run chrooted and reported, its files confined to the rootfs. */
class ChrootModuleContextTest {
    private static final Stage STAGE = Stage.POST_INSTALL_MODULES;

    @TempDir
    Path dir;
    RealmfsBuild recipe;
    ChrootFixture fixture;
    ChrootModuleContext context;

    @BeforeEach
    void setUp() throws IOException {
        recipe = RealmfsBuild.builder().hostname("realm").build();
        FakeProcesses processes = new FakeProcesses(command -> command.argv().get(0).equals("failing")
                ? Run.printing(7, "it went wrong") : Run.printing(0, "line one", "line two"),
                script -> Run.printing(0));
        fixture = new ChrootFixture(dir, recipe, processes);
        ModuleOutput output = new ModuleOutput(fixture.context.events(), ChrootFixture.BUILD_DIR);
        output.startModule(STAGE);
        context = new ChrootModuleContext(fixture.context, fixture.runtime, output, STAGE);
    }

    @AfterEach
    void closeTheLog() {
        fixture.close();
    }

    @Test
    void a_command_runs_chrooted_into_the_rootfs_with_the_apt_and_the_shell_modules_environment() {
        context.run("apt-get", "install", "-y", "less");

        Command ran = fixture.processes.commandsRun().get(0);
        assertThat(ran.argv()).containsExactly("apt-get", "install", "-y", "less");
        assertThat(ran.root()).contains(fixture.rootfs);
        assertThat(ran.environment()).containsAllEntriesOf(BuildCommands.APT_ENVIRONMENT)
                .containsAllEntriesOf(fixture.runtime.environment())
                .containsEntry("REALMFS_HOSTNAME", "realm");
    }

    @Test
    void a_commands_result_has_its_exit_code_and_every_line_which_also_go_to_the_events_and_the_log()
            throws IOException {
        CommandResult ok = context.run("echo");
        CommandResult failed = context.run("failing", "--now");

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.output()).containsExactly("line one", "line two");
        assertThat(failed.command()).containsExactly("failing", "--now");
        assertThat(failed.exitCode()).isEqualTo(7);
        assertThat(failed.output()).containsExactly("it went wrong");
        assertThat(fixture.commands.events()).containsSubsequence(new BuildEvent.CommandOutput(STAGE, "line one"),
                new BuildEvent.CommandOutput(STAGE, "line two"), new BuildEvent.CommandOutput(STAGE, "it went wrong"));
        assertThat(fixture.commands.logLines()).containsSubsequence("line one", "line two", "it went wrong");
    }

    @Test
    void an_empty_command_is_refused_and_nothing_runs() {
        assertThatThrownBy(() -> context.run(List.of())).isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("empty command");
        assertThat(fixture.processes.commandsRun()).isEmpty();
    }

    @Test
    void a_shell_script_runs_in_a_chrooted_bash_after_the_shell_modules_helpers() {
        context.shell("create_user alice");

        Command ran = fixture.processes.commandsRun().get(0);
        assertThat(ran.root()).contains(fixture.rootfs);
        assertThat(ran.argv()).containsExactly("/bin/bash", "--noprofile", "--norc", "-c",
                fixture.runtime.initScript() + "create_user alice");
    }

    @Test
    void a_written_file_lands_in_the_rootfs_with_its_mode_and_missing_directories() throws IOException {
        context.writeFile("/etc/app/app.conf", "a=1\n", 0640);

        Path written = fixture.rootfs.resolve("etc/app/app.conf");
        assertThat(written).hasContent("a=1");
        assertThat(Files.getAttribute(written, "unix:mode")).isEqualTo(0100640);
        assertThat(Files.getAttribute(written.getParent(), "unix:mode")).isEqualTo(040755);
        assertThat(context.exists("/etc/app/app.conf")).isTrue();
        assertThat(context.readFile("/etc/app/app.conf")).isEqualTo("a=1\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_mode_that_is_no_file_mode_is_refused_and_nothing_is_written() {
        assertThatThrownBy(() -> context.writeFile("/etc/x", "x", 010000)).isInstanceOf(InvalidRecipeException.class)
                .hasMessageStartingWith("010000 is not a file mode");
        assertThat(fixture.rootfs.resolve("etc/x")).doesNotExist();
    }

    @Test
    void a_file_written_through_an_absolute_symlink_stays_inside_the_rootfs() throws IOException {
        Path hostDirectory = Files.createDirectory(dir.resolve("host-etc"));
        Files.createDirectories(fixture.rootfs.resolve("etc"));
        Files.createSymbolicLink(fixture.rootfs.resolve("etc/conf.d"), hostDirectory);
        Files.createDirectories(fixture.rootfs.resolve(hostDirectory.toString().substring(1)));

        context.writeFile("/etc/conf.d/x.conf", "inside", 0644);

        assertThat(hostDirectory).isEmptyDirectory();
        assertThat(fixture.rootfs.resolve(hostDirectory.toString().substring(1)).resolve("x.conf")).hasContent("inside");
    }

    @Test
    void a_host_file_is_installed_under_its_name_in_the_target_directory() throws IOException {
        Path host = Files.writeString(dir.resolve("motd"), "welcome\n");

        context.installFile(host, "/etc", 0644);

        assertThat(fixture.rootfs.resolve("etc/motd")).hasContent("welcome");
        assertThat(Files.getAttribute(fixture.rootfs.resolve("etc/motd"), "unix:mode")).isEqualTo(0100644);
    }

    @Test
    void a_missing_host_file_is_refused_with_its_path() {
        Path missing = dir.resolve("missing.conf");

        assertThatThrownBy(() -> context.installFile(missing, "/etc", 0644)).isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void info_is_a_message_in_the_modules_stage() {
        context.info("created 2 users");

        assertThat(fixture.commands.events()).containsExactly(new BuildEvent.Message(STAGE, "created 2 users"));
    }

    @Test
    void the_recipe_is_the_builds() {
        assertThat(context.recipe()).isSameAs(recipe);
    }
}
