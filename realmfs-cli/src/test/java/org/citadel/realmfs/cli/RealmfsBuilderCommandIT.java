package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.citadel.realmfs.api.RealmfsBuild;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real builds through the command, as a user runs it: root, debootstrap and the host's Debian mirror.
 * Every build here writes a tar archive, which is then read to check what the config put in the image.
 */
class RealmfsBuilderCommandIT {
    private static final String BUILD_CONF = """
            # Replaces the base post-install modules: only these run after the packages.
            BASE_POST_INSTALL_MODULES="write_motd"
            PRE_INSTALL_MODULES="set_greeting"
            POST_INSTALL_MODULES="add-marker install_files"

            # A function module that exports a variable for the modules after it.
            set_greeting() {
                export REALMFS_GREETING="hello from build.conf"
            }

            write_motd() {
                echo "$REALMFS_GREETING" > /etc/motd
            }

            install_files() {
                install_file 0644 flat.conf /etc/flat
                install_file 0600 /etc/tree/nested.conf
            }
            """;

    @TempDir
    Path dir;

    private RealCommand.Run realmfsBuilder(String... args) {
        return RealCommand.run(dir, RunningCommandJar.of(RealmfsBuilderCommand.class), args);
    }

    @AfterEach
    void nothingIsLeftMounted() throws IOException {
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
                .noneMatch(line -> line.contains(dir.toString()));
    }

    private void writeConfigDirectory() throws IOException {
        Files.writeString(dir.resolve("build.conf"), BUILD_CONF);
        Files.createDirectories(dir.resolve("realmfs-modules"));
        Files.writeString(dir.resolve("realmfs-modules/add-marker"),
                "echo \"marker from a module file\" > /etc/realmfs-marker\n");
        Files.createDirectories(dir.resolve("realmfs-files/etc/tree"));
        Files.writeString(dir.resolve("realmfs-files/flat.conf"), "flat=1\n");
        Files.writeString(dir.resolve("realmfs-files/etc/tree/nested.conf"), "nested=1\n");
    }

    @Test
    void buildsATarballFromAConfigDirectoryWithFunctionAndFileModulesAndInstalledFiles() throws IOException {
        writeConfigDirectory();

        RealCommand.Run result = realmfsBuilder("--no-confirm", "-t");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        Map<String, TarFile> image = readTar(dir.resolve("realmfs/realmfs.tar"));
        assertThat(image.get("etc/motd").text()).isEqualTo("hello from build.conf\n");
        assertThat(image.get("etc/realmfs-marker").text()).isEqualTo("marker from a module file\n");
        assertThat(image.get("etc/flat/flat.conf")).isEqualTo(new TarFile("flat=1\n", 0644));
        assertThat(image.get("etc/tree/nested.conf")).isEqualTo(new TarFile("nested=1\n", 0600));
        assertThat(postInstallModulesShown(result.out())).containsExactly("write_motd", "add-marker", "install_files");
    }

    @Test
    void sigtermDuringTheBuildSaysOnceWhereItWasInterruptedCleansUpAndExits143() throws Exception {
        writeConfigDirectory();
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process command = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), RealCommand.class.getName(), dir.toString(),
                "--no-confirm", "-v")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
        while (!Files.readString(out).contains("| I: Extracting") && command.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(out)).as("debootstrap was extracting").contains("| I: Extracting");

        List<ProcessHandle> buildProcesses = command.descendants().toList();
        command.destroy();

        assertThat(command.waitFor()).as(Files.readString(out) + Files.readString(err)).isEqualTo(143);
        assertThat(buildProcesses).as("debootstrap and the build's reaper").isNotEmpty()
                .noneMatch(ProcessHandle::isAlive);
        assertThat(Files.readString(err)).isEqualTo("interrupted during bootstrap the base system: cleaning up\n");
        assertThat(Files.readString(dir.resolve("realmfs/realmfs-build.log")))
                .containsOnlyOnce("interrupted during bootstrap the base system: cleaning up (SIGTERM)");
        assertThat(dir.resolve("realmfs/rootfs")).isEmptyDirectory();
    }

    @Test
    void theTemplateBuildsUnchanged() throws IOException {
        assertThat(realmfsBuilder("--new").exitCode()).isZero();

        RealCommand.Run result = realmfsBuilder("--no-confirm", "-t");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(readTar(dir.resolve("realmfs/realmfs.tar")).get("usr/lib/os-release").text())
                .contains("VERSION_CODENAME=" + RealmfsBuild.DEFAULT_RELEASE);
    }

    @Test
    void aBashSyntaxErrorNamesTheFileAndLineAndBuildsNothing() throws IOException {
        Files.writeString(dir.resolve("build.conf"), "PACKAGES=\"less\"\n\nbroken() {\n");

        RealCommand.Run result = realmfsBuilder("--no-confirm", "-t");

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(2);
        assertThat(result.err()).contains(dir.resolve("build.conf").toString()).containsPattern("line [0-9]+|:[0-9]+");
        assertThat(result.err().lines()).hasSize(1);
        assertThat(dir.resolve("realmfs/realmfs.tar")).doesNotExist();
    }

    @Test
    void anUnknownModuleIsNamedAndBuildsNothing() throws IOException {
        Files.writeString(dir.resolve("build.conf"), "POST_INSTALL_MODULES=\"no-such-module\"\n");

        RealCommand.Run result = realmfsBuilder("--no-confirm", "-t");

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(2);
        assertThat(result.err()).contains("no-such-module").contains(dir.resolve("build.conf").toString());
        assertThat(dir.resolve("realmfs/realmfs.tar")).doesNotExist();
    }

    /** The module names the progress shows between the post-install stage line and the next stage. */
    private static List<String> postInstallModulesShown(String out) {
        String stage = out.substring(out.indexOf("] run post-install modules"));
        stage = stage.substring(0, stage.indexOf("\n[") + 1);
        return stage.lines()
                .map(String::trim)
                .filter(line -> line.startsWith("module "))
                .map(line -> line.substring("module ".length()))
                .toList();
    }

    record TarFile(String text, int mode) {
    }

    /** The regular files of a tar archive by path without a leading "./", with their text and mode. */
    private static Map<String, TarFile> readTar(Path tar) throws IOException {
        Map<String, TarFile> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar);
             TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
                if (entry.isFile()) {
                    String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                    String text = new String(archive.readAllBytes(), StandardCharsets.UTF_8);
                    files.put(name, new TarFile(text, entry.getMode() & 07777));
                }
            }
        }
        return files;
    }
}
