package org.citadel.realmfs.core.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.citadel.realmfs.core.linux.MountTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a SIGKILLed build leaves behind: nothing. */
class SandboxKillIT {
    private static final List<String> SLEEPER = List.of("sleep", "1000.003");

    @TempDir
    Path temp;

    @Test
    void killingTheJvmLeavesNoMountAndNoProcessBehind() throws Exception {
        Path target = Files.createDirectories(temp.resolve("rootfs"));
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"),
                KilledJvm.class.getName(), target.toString()));
        command.addAll(SLEEPER);
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(output.readLine()).isEqualTo("ready");
            assertThat(HostProcesses.awaitRunning(SLEEPER)).isEqualTo(1);
            assertThat(MountTable.ofProcess().isMountPoint(target)).isFalse();

            jvm.destroyForcibly(); // SIGKILL
            jvm.waitFor();
        }

        assertThat(HostProcesses.awaitNoneRunning(SLEEPER)).isZero();
        assertThat(MountTable.ofProcess().isMountPoint(target)).isFalse();
        assertThat(target).isEmptyDirectory();
    }
}
