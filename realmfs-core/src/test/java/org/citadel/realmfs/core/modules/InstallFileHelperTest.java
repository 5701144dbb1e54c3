package org.citadel.realmfs.core.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.citadel.realmfs.api.FileMode;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install_file} refuses a {@code ..} in either of its forms, with the same words in the shell
 * helper and in Java. The shell helper runs on the host here, in a temporary directory: it checks
 * before it touches anything.
 */
class InstallFileHelperTest {
    @TempDir
    Path temp;
    Path files;
    Path runtime;

    @BeforeEach
    void setUp() throws IOException {
        files = Files.createDirectories(temp.resolve("files"));
        Files.writeString(files.resolve("motd"), "hello\n");
        Files.createDirectories(files.resolve(temp.toString().substring(1) + "/etc"));
        Files.writeString(files.resolve(temp.toString().substring(1) + "/etc/motd"), "hello\n");
        runtime = Files.writeString(temp.resolve("runtime.sh"), ShellRuntime.runtimeScript());
    }

    @Test
    void theThreeArgumentFormInstallsIntoItsTargetDirectory() throws Exception {
        Result result = installFile("0644", "motd", temp + "/etc");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(temp.resolve("etc/motd")).hasContent("hello");
    }

    @Test
    void theThreeArgumentFormRejectsDotDotInTheTargetDirectory() throws Exception {
        Result result = installFile("0644", "motd", temp + "/etc/../escaped");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("install_file: '" + temp + "/etc/../escaped' may not contain '..':"
                + " paths must stay inside the rootfs");
        assertThat(temp.resolve("escaped")).doesNotExist();
        assertThat(temp.resolve("etc")).doesNotExist();
    }

    @Test
    void theTwoArgumentFormRejectsDotDotWithTheSameWords() throws Exception {
        Result result = installFile("0644", temp + "/etc/../etc/motd");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("install_file: '" + temp + "/etc/../etc/motd' may not contain '..':"
                + " paths must stay inside the rootfs");
        assertThat(temp.resolve("etc")).doesNotExist();
    }

    @Test
    void theThreeArgumentFormRejectsDotDotInTheFileName() throws Exception {
        Result result = installFile("0644", "../files/motd", temp + "/etc");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("install_file: '../files/motd' may not contain '..'");
    }

    @Test
    void javaInstallRejectsDotDotInTheTargetDirectoryWithTheSameWords() throws IOException {
        Path rootfs = Files.createDirectories(temp.resolve("rootfs/etc"));
        FileInstaller installer = new FileInstaller(new RootfsFiles(rootfs.getParent()));

        // The Java side checks the path where it becomes a RootfsPath, with the helper's words after its name.
        assertThatThrownBy(() -> installer.install(files.resolve("motd"), RootfsPath.of("/etc/../escaped"), FileMode.of(0644)))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessage("'/etc/../escaped' may not contain '..': paths must stay inside the rootfs");
        assertThat(temp.resolve("rootfs/escaped")).doesNotExist();

        assertThat(installer.install(files.resolve("motd"), RootfsPath.of("/etc"), FileMode.of(0640)))
                .isEqualTo(RootfsPath.of("/etc/motd"));
        assertThat(temp.resolve("rootfs/etc/motd")).hasContent("hello");
    }

    private Result installFile(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-c",
                "set -e; . \"$0\"; install_file \"$@\"", runtime.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("REALMFS_FILES_PATH", files.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exit, String output) {
    }
}
