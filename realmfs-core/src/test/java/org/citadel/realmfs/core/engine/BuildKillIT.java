package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.core.sandbox.HostProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real build's JVM killed with SIGKILL in the middle of a module: no mount and no process stays. */
class BuildKillIT {
    private static final List<String> SLEEPER = List.of("sleep", KilledBuild.SLEEP_SECONDS);

    @TempDir
    Path work;

    @Test
    void killingTheJvmMidBuildLeavesNoMountAndNoProcessBehind() throws Exception {
        Process jvm = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), KilledBuild.class.getName(), work.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = output.readLine();
            } while (line != null && !line.equals(KilledBuild.MARKER));
            assertThat(line).as("the build reached its sleeping module").isEqualTo(KilledBuild.MARKER);
            assertThat(HostProcesses.awaitRunning(SLEEPER)).isEqualTo(1);
            assertThat(ItSupport.hostMountsIn(work)).as("the build's mounts are private while it runs").isEmpty();

            jvm.destroyForcibly();
            jvm.waitFor();
        }

        assertThat(HostProcesses.awaitNoneRunning(SLEEPER)).isZero();
        assertThat(ItSupport.hostMountsIn(work)).isEmpty();
    }
}
