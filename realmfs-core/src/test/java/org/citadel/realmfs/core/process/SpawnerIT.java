package org.citadel.realmfs.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.citadel.realmfs.core.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnerIT {
    @TempDir
    Path temp;

    private Sandbox sandbox;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void openSandbox() {
        sandbox = Sandbox.open("spawner-it");
    }

    @AfterEach
    void closeSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private int run(Command command) {
        return sandbox.call(() -> sandbox.spawner().run(command, lines::add));
    }

    @Test
    void reportsTheExitCodeOfTheCommand() {
        assertThat(run(Command.host("sh", "-c", "exit 0"))).isZero();
        assertThat(run(Command.host("sh", "-c", "exit 42"))).isEqualTo(42);
    }

    @Test
    void reportsAProcessKilledByASignalAs128PlusTheSignal() {
        assertThat(run(Command.host("sh", "-c", "kill -TERM $$"))).isEqualTo(128 + 15);
    }

    @Test
    void deliversEveryLineOfStdoutAndStderrInOrderBeforeReturning() {
        int exit = run(Command.host("sh", "-c", "for i in $(seq 1 5000); do echo line $i; done; echo to-stderr >&2; printf last"));

        List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, 5000).mapToObj(i -> "line " + i).toList());
        expected.add("to-stderr");
        expected.add("last");
        assertThat(exit).isZero();
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    @Test
    void givesTheCommandExactlyItsEnvironment() {
        Command command = new Command(List.of("/usr/bin/env"), Map.of("ONLY", "this", "AND", "that"),
                Optional.empty(), "/", Optional.empty(), Optional.empty());

        run(command);

        assertThat(lines).containsExactlyInAnyOrder("ONLY=this", "AND=that");
    }

    @Test
    void searchesTheCommandsPathNotTheJvms() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("private-bin"));
        Path tool = bin.resolve("only-here");
        Files.writeString(tool, "#!/bin/sh\necho found me\n");
        tool.toFile().setExecutable(true);

        run(Command.host("only-here").withEnvironment(Map.of("PATH", "/nowhere:" + bin)));

        assertThat(lines).containsExactly("found me");
    }

    @Test
    void readsStdinFromTheCommandsFileAndOtherwiseFromDevNull() throws IOException {
        Path input = Files.writeString(temp.resolve("input"), "from the file\n");

        run(Command.host("cat").withStdin(input));
        run(Command.host("cat"));

        assertThat(lines).containsExactly("from the file");
    }

    @Test
    void writesStdoutToTheCommandsFileAndStderrAsLines() throws IOException {
        Path output = temp.resolve("output");

        run(Command.host("sh", "-c", "echo to-file; echo to-lines >&2").withStdout(output));

        assertThat(output).hasContent("to-file");
        assertThat(lines).containsExactly("to-lines");
    }

    @Test
    void runsInTheWorkingDirectoryOfTheCommand() {
        run(Command.host("pwd").withWorkingDirectory("/usr"));

        assertThat(lines).containsExactly("/usr");
    }

    @Test
    void aMissingProgramFailsWithAMessageNamingItAndTheError() {
        assertThatThrownBy(() -> run(Command.host("/no/such/program", "arg")))
                .isInstanceOf(SpawnFailedException.class)
                .hasMessageContaining("'/no/such/program arg'")
                .hasMessageContaining("on the host")
                .hasMessageContaining("ENOENT (No such file or directory)");
    }

    @Test
    void runsTheRootsOwnBinaryWhenChrooted() throws IOException {
        Path root = BusyboxRoot.create(temp.resolve("root"));

        int exit = run(Command.inRoot(root, List.of("cat", "/etc/marker")));

        assertThat(exit).isZero();
        assertThat(lines).containsExactly(BusyboxRoot.MARKER);
    }

    @Test
    void aChrootedCommandsWorkingDirectoryIsInsideTheRoot() throws IOException {
        Path root = BusyboxRoot.create(temp.resolve("root"));

        run(Command.inRoot(root, List.of("pwd")).withWorkingDirectory("/work"));

        assertThat(lines).containsExactly("/work");
    }

    @Test
    void aProgramMissingInTheRootFailsWithTheRootInTheMessage() throws IOException {
        Path root = BusyboxRoot.create(temp.resolve("root"));

        assertThatThrownBy(() -> run(Command.inRoot(root, List.of("apt-get", "update"))))
                .isInstanceOf(SpawnFailedException.class)
                .hasMessageContaining("chrooted into " + root)
                .hasMessageContaining("ENOENT");
    }

    @Test
    void theSandboxThreadIsBackOnTheHostRootAfterAChrootedSpawn() throws IOException {
        Path root = BusyboxRoot.create(temp.resolve("root"));

        boolean[] seesHostFilesNotTheRoots = sandbox.call(() -> {
            sandbox.spawner().run(Command.inRoot(root, List.of("true")), lines::add);
            return new boolean[] {Files.exists(root.resolve("etc/marker")), Files.exists(Path.of("/etc/marker"))};
        });

        assertThat(seesHostFilesNotTheRoots).containsExactly(true, false);
    }

    @Test
    void waitForDoesNotWaitForABackgroundProcessThatKeepsTheOutputOpen() {
        int exit = run(Command.host("sh", "-c", "sleep 1000 & echo started"));

        assertThat(exit).isZero();
        assertThat(lines).containsExactly("started");
    }

    @Test
    void killEndsTheProcess() {
        int exit = sandbox.call(() -> {
            try (SpawnedProcess sleeper = sandbox.spawner().spawn(Command.host("sleep", "1000"), lines::add)) {
                sleeper.kill();
                return sleeper.waitFor();
            }
        });

        assertThat(exit).isEqualTo(128 + 9);
    }

    @Test
    void spawningOutsideTheSandboxThreadIsRefused() {
        assertThatThrownBy(() -> sandbox.spawner().run(Command.host("true"), lines::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Sandbox.call");
    }

    @Test
    void aHostSpawnerRefusesChrootedCommands() {
        try (Spawner host = Spawner.host()) {
            assertThatThrownBy(() -> host.run(Command.inRoot(temp, List.of("true")), lines::add))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sandbox");
            assertThat(host.run(Command.host("echo", "from the host"), lines::add)).isZero();
        }
        assertThat(lines).containsExactly("from the host");
    }
}
