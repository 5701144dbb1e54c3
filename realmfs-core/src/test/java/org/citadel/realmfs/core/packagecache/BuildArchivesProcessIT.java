package org.citadel.realmfs.core.packagecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another process's build directory in a shared package cache: kept while it runs, removed once it was killed. */
class BuildArchivesProcessIT {
    @TempDir
    Path cache;

    @Test
    void aBuildKilledWithSigkillLeavesItsDirectoryWhichTheNextBuildRemovesButNotWhileItRuns() throws Exception {
        Files.writeString(cache.resolve("less_668-1_amd64.deb"), "less");
        Process other = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), HeldArchives.class.getName(), cache.toString())
                .redirectErrorStream(true).start();
        try {
            Path othersDirectory = Path.of(firstLine(other));
            assertThat(othersDirectory.resolve("less_668-1_amd64.deb")).hasContent("less");

            try (BuildArchives whileItRuns = BuildArchives.open(cache)) {
                assertThat(whileItRuns.removedStale()).isEmpty();
                assertThat(othersDirectory).isDirectory();
            }

            other.destroyForcibly();
            other.waitFor();
            assertThat(othersDirectory).as("SIGKILL leaves it").isDirectory();

            try (BuildArchives next = BuildArchives.open(cache)) {
                assertThat(next.removedStale()).containsExactly(othersDirectory);
            }
            assertThat(cache.resolve(BuildArchives.BUILDS)).isEmptyDirectory();
            assertThat(cache.resolve("less_668-1_amd64.deb")).hasContent("less");
        } finally {
            other.destroyForcibly();
        }
    }

    private static String firstLine(Process process) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine();
        assertThat(line).as("the other process opened its directory").isNotNull().startsWith("/");
        return line;
    }
}
