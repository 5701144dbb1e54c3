package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bash launcher, run with a fake java that prints the arguments it was given. */
class LauncherScriptTest {
    private static final Path LAUNCHER = Path.of("src/main/dist/realmfs-builder");
    private static final Path INSTALLED_JAR = Path.of("/usr/share/realmfs-builder/realmfs-builder.jar");

    @TempDir
    Path dir;
    Path fakeJava;

    record Run(int exitCode, String output) {
    }

    @BeforeEach
    void fakeJava() throws IOException {
        fakeJava = executable(dir.resolve("fake-java"), "#!/bin/sh\necho \"java $*\"\n");
    }

    private static Path executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Path installLauncherIn(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path launcher = directory.resolve("realmfs-builder");
        return executable(launcher, Files.readString(LAUNCHER));
    }

    private Run run(Path launcher, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA", fakeJava.toString());
        builder.environment().remove("REALMFS_BUILDER_JAVA_OPTS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    @Test
    void itRunsTheJarNextToItWithTheArgumentsUnchanged() throws Exception {
        Path launcher = installLauncherIn(dir.resolve("share"));
        Files.createFile(dir.resolve("share/realmfs-builder.jar"));

        Run run = run(launcher, "-t", "--no-confirm", "my build.conf");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).isEqualTo("java -jar " + dir.resolve("share/realmfs-builder.jar")
                + " -t --no-confirm my build.conf\n");
    }

    @Test
    void throughASymlinkItFindsTheJarNextToTheRealScript() throws Exception {
        Path launcher = installLauncherIn(dir.resolve("share"));
        Files.createFile(dir.resolve("share/realmfs-builder.jar"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("realmfs-builder"), launcher);

        Run run = run(link, "--help");

        assertThat(run.output()).isEqualTo("java -jar " + dir.resolve("share/realmfs-builder.jar") + " --help\n");
    }

    @Test
    void withoutAJarItSaysWhereItLookedAndExitsWith3() throws Exception {
        assumeFalse(Files.exists(INSTALLED_JAR), "realmfs-builder is installed on this machine");
        Path launcher = installLauncherIn(dir.resolve("bin"));

        Run run = run(launcher, "--help");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.output()).isEqualTo("realmfs-builder: cannot find realmfs-builder.jar next to "
                + dir.resolve("bin/realmfs-builder") + " or in /usr/share/realmfs-builder; reinstall with install.sh\n");
    }
}
