package org.citadel.realmfs.core.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install_file's messages, from the runtime script run by bash on the host: the directories stand
 * in for the chroot's mounts of the files directories, REALMFS_FILES_SHOWN for their host paths.
 */
class RuntimeScriptTest {
    private static final String USER_FILES = "/home/user/project/realmfs-files";

    @TempDir
    Path dir;
    private Path mountedFiles;
    private Path builtin;

    @BeforeEach
    void layOut() throws IOException {
        mountedFiles = Files.createDirectories(dir.resolve("files/0"));
        builtin = Files.createDirectories(dir.resolve("files/builtin"));
        Files.writeString(dir.resolve("runtime.sh"), ShellRuntime.runtimeScript());
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(String script) throws IOException, InterruptedException {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", ". ./runtime.sh\n" + script).directory(dir.toFile())
                .redirectErrorStream(true);
        bash.environment().put("REALMFS_FILES_PATH", mountedFiles + ":" + builtin);
        bash.environment().put("REALMFS_FILES_SHOWN", USER_FILES + "\n" + ShellRuntime.BUILTIN_FILES_SHOWN);
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    @Test
    void aMissingFileIsReportedWithTheHostPathsOfTheFilesDirectories() throws Exception {
        Run run = run("install_file 0644 missing.conf " + dir.resolve("etc"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).isEqualTo("realmfs:fatal: install_file: 'missing.conf' not found in the files"
                + " directories: " + USER_FILES + ", the builder's built-in files\n");
        assertThat(run.output()).doesNotContain(mountedFiles.toString());
    }

    @Test
    void aSymlinkLeadingOutOfTheFilesDirectoryIsCalledThatWithWhatToDo() throws Exception {
        Files.createSymbolicLink(mountedFiles.resolve("linked.conf"), Path.of("/srv/host-only/data.conf"));

        Run run = run("install_file 0644 linked.conf " + dir.resolve("etc"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).startsWith("realmfs:fatal: install_file: 'linked.conf' in " + USER_FILES
                        + " is a symbolic link to /srv/host-only/data.conf, which install_file cannot follow: ")
                .contains("cp --remove-destination -- \"$(readlink -f '" + USER_FILES + "/linked.conf')\" '"
                        + USER_FILES + "/linked.conf'")
                .doesNotContain(mountedFiles.toString());
    }

    @Test
    void aFileThatIsThereIsInstalled() throws Exception {
        Files.writeString(builtin.resolve("present.conf"), "x\n");
        Files.createSymbolicLink(mountedFiles.resolve("inside.conf"), Path.of("present-here.conf"));
        Files.writeString(mountedFiles.resolve("present-here.conf"), "y\n");

        Run run = run("install_file 0600 present.conf " + dir.resolve("etc") + "\ninstall_file 0600 inside.conf "
                + dir.resolve("etc"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(dir.resolve("etc/present.conf")).hasContent("x");
        assertThat(dir.resolve("etc/inside.conf")).hasContent("y");
    }
}
