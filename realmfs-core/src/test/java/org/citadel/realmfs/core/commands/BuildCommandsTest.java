package org.citadel.realmfs.core.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.FakeProcesses.Run;
import org.citadel.realmfs.core.process.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way a build runs a command: every line it prints reaches the events and the build log. */
class BuildCommandsTest {
    @TempDir
    Path dir;

    @Test
    void a_chrooted_command_runs_in_the_rootfs_with_the_apt_environment_and_nothing_of_the_hosts() {
        try (RecordedCommands recorded = RecordedCommands.of(FakeProcesses.succeeding(), dir, dir.resolve("rootfs"))) {
            Command command = recorded.commands().chroot(List.of("apt-get", "update"));

            assertThat(command.root()).contains(dir.resolve("rootfs"));
            assertThat(command.argv()).containsExactly("apt-get", "update");
            assertThat(command.environment()).containsAllEntriesOf(Command.DEFAULT_ENVIRONMENT)
                    .containsEntry("DEBIAN_FRONTEND", "noninteractive")
                    .containsEntry("DEBCONF_NONINTERACTIVE_SEEN", "true")
                    .doesNotContainKey("USER");
            assertThat(recorded.commands().host("xz", "-T0").root()).isEmpty();
        }
    }

    @Test
    void every_line_goes_to_the_events_in_the_commands_stage_and_to_the_build_log() throws IOException {
        FakeProcesses processes = new FakeProcesses(c -> Run.printing(0, "Get:1 InRelease", "Reading lists"),
                s -> Run.printing(0));
        List<String> hooked = new ArrayList<>();
        try (RecordedCommands recorded = RecordedCommands.of(processes, dir, dir.resolve("rootfs"))) {
            BuildCommands.Outcome outcome = recorded.commands().run(Stage.INSTALL_PACKAGES,
                    recorded.commands().chroot(List.of("apt-get", "update")), hooked::add);

            assertThat(outcome.succeeded()).isTrue();
            assertThat(outcome.lastLines()).containsExactly("Get:1 InRelease", "Reading lists");
            assertThat(hooked).containsExactly("Get:1 InRelease", "Reading lists");
            assertThat(recorded.events()).containsExactly(
                    new BuildEvent.CommandOutput(Stage.INSTALL_PACKAGES, "Get:1 InRelease"),
                    new BuildEvent.CommandOutput(Stage.INSTALL_PACKAGES, "Reading lists"));
            assertThat(recorded.logLines()).containsExactly("Get:1 InRelease", "Reading lists");
        }
    }

    @Test
    void a_required_command_that_fails_names_what_failed_its_exit_code_and_last_lines() {
        FakeProcesses processes = new FakeProcesses(c -> Run.printing(100, "E: Unable to locate package nosuch"),
                s -> Run.printing(0));
        try (RecordedCommands recorded = RecordedCommands.of(processes, dir, dir.resolve("rootfs"))) {
            BuildCommands commands = recorded.commands();

            assertThatThrownBy(() -> commands.require(Stage.INSTALL_PACKAGES, "apt-get install",
                    commands.chroot(List.of("apt-get", "install", "nosuch"))))
                    .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.INSTALL_PACKAGES);
                        assertThat(e).hasMessageContaining("apt-get install failed (apt-get exited with 100)");
                        assertThat(e.lastOutput()).containsExactly("E: Unable to locate package nosuch");
                    });
        }
    }

    @Test
    void a_captured_command_returns_every_line_as_printed_and_reports_them_as_its_report_words_them() {
        List<String> printed = IntStream.range(0, 100).mapToObj(i -> "pkg" + i).toList();
        FakeProcesses processes = new FakeProcesses(c -> new Run(printed, 0), s -> Run.printing(0));
        LineReport upperCase = new LineReport() {
            @Override
            public Stage stage() {
                return Stage.WRITE_OUTPUTS;
            }

            @Override
            public String reword(String line) {
                return line.toUpperCase();
            }
        };
        try (RecordedCommands recorded = RecordedCommands.of(processes, dir, dir.resolve("rootfs"))) {
            BuildCommands.Captured captured = recorded.commands().capture(upperCase,
                    recorded.commands().chroot(List.of("dpkg-query", "-W")));

            assertThat(captured.succeeded()).isTrue();
            assertThat(captured.lines()).as("all of them, not a tail").isEqualTo(printed);
            assertThat(recorded.events()).hasSize(100)
                    .first().isEqualTo(new BuildEvent.CommandOutput(Stage.WRITE_OUTPUTS, "PKG0"));
        }
    }

    @Test
    void a_shells_lines_are_reported_in_the_stage_its_report_names_when_each_line_comes() {
        Stage[] stage = {Stage.PRE_INSTALL_MODULES};
        FakeProcesses processes = new FakeProcesses(c -> Run.printing(0), s -> Run.printing(0, s.label() + " ran"));
        try (RecordedCommands recorded = RecordedCommands.of(processes, dir, dir.resolve("rootfs"));
             BuildShell shell = recorded.commands().startShell(() -> stage[0],
                     recorded.commands().chroot(List.of("/bin/bash")))) {
            shell.runScript("first", "true");
            stage[0] = Stage.POST_INSTALL_MODULES;
            shell.runScript("second", "true");

            assertThat(recorded.events()).containsExactly(
                    new BuildEvent.CommandOutput(Stage.PRE_INSTALL_MODULES, "first ran"),
                    new BuildEvent.CommandOutput(Stage.POST_INSTALL_MODULES, "second ran"));
        }
    }

    @Test
    void a_password_in_a_uri_is_masked_in_the_events_and_the_log_but_returned_as_printed() throws IOException {
        String proxy = "Acquire::http::Proxy \"http://builder:s3cret@proxy.example:3128/\";";
        FakeProcesses processes = new FakeProcesses(c -> Run.printing(0, proxy), s -> Run.printing(0));
        try (RecordedCommands recorded = RecordedCommands.of(processes, dir, dir.resolve("rootfs"))) {
            BuildCommands.Captured captured = recorded.commands().capture(Stage.INSTALL_PACKAGES,
                    recorded.commands().chroot(List.of("apt-config", "dump")));

            assertThat(captured.lines()).containsExactly(proxy);
            String masked = "Acquire::http::Proxy \"http://builder:***@proxy.example:3128/\";";
            assertThat(recorded.events()).containsExactly(new BuildEvent.CommandOutput(Stage.INSTALL_PACKAGES, masked));
            assertThat(recorded.logLines()).containsExactly(masked);
        }
    }

    @Test
    void a_real_host_process_has_its_output_and_error_lines_reported_and_its_exit_code_kept() throws IOException {
        try (RecordedCommands recorded = RecordedCommands.onHost(dir)) {
            BuildCommands.Outcome outcome = recorded.commands().run(Stage.WRITE_OUTPUTS,
                    recorded.commands().host("/bin/sh", "-c", "echo out; echo err >&2; exit 3"));

            assertThat(outcome.exitCode()).isEqualTo(3);
            assertThat(outcome.printed("err")).isTrue();
            assertThat(recorded.events()).containsExactlyInAnyOrder(
                    new BuildEvent.CommandOutput(Stage.WRITE_OUTPUTS, "out"),
                    new BuildEvent.CommandOutput(Stage.WRITE_OUTPUTS, "err"));
            assertThat(recorded.logLines()).containsExactlyInAnyOrder("out", "err");
        }
    }
}
