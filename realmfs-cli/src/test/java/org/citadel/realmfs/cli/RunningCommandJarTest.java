package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningCommandJarTest {
    @TempDir
    Path dir;

    @Test
    void aCommandLoadedFromAJarFileLocatesThatJar() throws IOException {
        Path jar = Files.createFile(dir.resolve("realmfs-builder.jar"));

        assertThat(new RunningCommandJar(jar).locate()).isEqualTo(jar);
    }

    @Test
    void aCommandLoadedFromAClassesDirectoryHasNoJarToInstallAndSaysWhatToDo() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("target/classes"));

        assertThatThrownBy(() -> new RunningCommandJar(classes).locate())
                .isInstanceOf(UsageException.class)
                .hasMessage("Self-hosting installs the running realmfs-builder jar into the image, but this command"
                        + " runs from " + classes + ", which is not a jar file. Run it from realmfs-builder.jar"
                        + " ('mvn package' builds it in realmfs-cli/target), or build with --no-self-hosting.");
    }

    @Test
    void aClassFromAJarOnTheClassPathIsFoundInThatJar() {
        Path jar = RunningCommandJar.of(picocli.CommandLine.class).locate();

        assertThat(jar.getFileName().toString()).matches("picocli-[0-9.]+\\.jar");
    }

    @Test
    void theCommandInUnitTestsRunsFromItsClassesDirectory() {
        assertThatThrownBy(() -> RunningCommandJar.of(RealmfsBuilderCommand.class).locate())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(Path.of("target/classes").toAbsolutePath() + ", which is not a jar file");
    }
}
