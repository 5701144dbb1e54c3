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
 * install_file's and module's search and messages, from the runtime script run by bash on the host:
 * the directories stand in for the chroot's mounts of the files and modules directories,
 * REALMFS_FILES_SHOWN and REALMFS_MODULES_SHOWN for their host paths.
 */
class RuntimeScriptTest {
    private static final String USER_FILES = "/home/user/project/realmfs-files";
    private static final String USER_MODULES = "/home/user/project/realmfs-modules";

    @TempDir
    Path dir;
    private Path mountedFiles;
    private Path builtin;
    private Path recipeModules;
    private Path mountedModules;
    private Path builtinModules;

    @BeforeEach
    void layOut() throws IOException {
        mountedFiles = Files.createDirectories(dir.resolve("files/0"));
        builtin = Files.createDirectories(dir.resolve("files/builtin"));
        recipeModules = Files.createDirectories(dir.resolve("modules"));
        mountedModules = Files.createDirectories(dir.resolve("module-path/0"));
        builtinModules = Files.createDirectories(dir.resolve("module-path/builtin"));
        Files.writeString(dir.resolve("runtime.sh"), ShellRuntime.runtimeScript());
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(String script) throws IOException, InterruptedException {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", ". ./runtime.sh\n" + script).directory(dir.toFile())
                .redirectErrorStream(true);
        bash.environment().put("REALMFS_FILES_PATH", mountedFiles + ":" + builtin);
        bash.environment().put("REALMFS_FILES_SHOWN", USER_FILES + "\n" + ShellRuntime.BUILTIN_FILES_SHOWN);
        bash.environment().put("REALMFS_BUILD_DIR", dir.toString());
        bash.environment().put("REALMFS_MODULES_PATH", mountedModules + ":" + builtinModules);
        bash.environment().put("REALMFS_MODULES_SHOWN", USER_MODULES + "\n" + ShellRuntime.BUILTIN_MODULES_SHOWN);
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

    @Test
    void aSymlinkThatResolvesOutsideItsFilesDirectoryIsNotFollowedEvenWhenItsTargetExists() throws Exception {
        // Inside the chroot such a link would reach the image's own file of that path, not the host's.
        Path elsewhere = Files.writeString(dir.resolve("image-file.conf"), "the image's\n");
        Files.createSymbolicLink(mountedFiles.resolve("linked.conf"), elsewhere);

        Run run = run("install_file 0644 linked.conf " + dir.resolve("etc"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).startsWith("realmfs:fatal: install_file: 'linked.conf' in " + USER_FILES
                + " is a symbolic link to " + elsewhere + ", which install_file cannot follow: ");
        assertThat(dir.resolve("etc/linked.conf")).doesNotExist();
    }

    @Test
    void moduleFindsAFileOfTheModulesDirectoryThatNoListNamesFromAFunctionAndFromAFileModule() throws Exception {
        Files.writeString(mountedModules.resolve("outer"), "outer_ran=yes\nmodule inner\n");
        Files.writeString(mountedModules.resolve("inner"), "inner_value=\"set by inner\"\n");

        Run run = run("""
                set -e
                from_function() { module outer; }
                from_function
                echo "$outer_ran $inner_value"
                """);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).isEqualTo("yes set by inner\n");
    }

    @Test
    void aFunctionWinsOverTheRecipesModuleWhichWinsOverTheModulesDirectoriesInTheirOrder() throws Exception {
        Files.writeString(builtinModules.resolve("create-user"), "echo built-in create-user\n");
        Files.writeString(builtinModules.resolve("set-hostname"), "echo built-in set-hostname\n");
        Files.writeString(mountedModules.resolve("set-hostname"), "echo user set-hostname\n");
        Files.writeString(builtinModules.resolve("configure-locale"), "echo built-in configure-locale\n");
        Files.writeString(mountedModules.resolve("configure-locale"), "echo user configure-locale\n");
        Files.writeString(recipeModules.resolve("configure-locale"), "echo recipe configure-locale\n");
        Files.writeString(builtinModules.resolve("no-install-recommends"), "echo built-in no-install-recommends\n");

        Run run = run("""
                create-user() { echo function create-user; }
                module create-user
                module set-hostname
                module configure-locale
                module no-install-recommends
                """);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).isEqualTo("function create-user\nuser set-hostname\nrecipe configure-locale\n"
                + "built-in no-install-recommends\n");
    }

    @Test
    void aMissingModuleIsReportedWithTheHostPathsOfWhereModuleLooked() throws Exception {
        Run run = run("module no-such-module\necho not reached");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).isEqualTo("realmfs:fatal: module: 'no-such-module' is neither a function nor a"
                + " shell module of the recipe, and none of these has a file of that name: " + USER_MODULES
                + ", the builder's built-in modules; define the function, put the file in a modules directory"
                + " (a build.conf's realmfs-modules/), or correct the name\n");
        assertThat(run.output()).doesNotContain(dir.toString());
    }

    @Test
    void aModuleLinkInsideItsDirectoryIsFollowedAndOneLeadingOutIsRefusedWithWhatToDo() throws Exception {
        Files.writeString(mountedModules.resolve("real"), "echo the real module\n");
        Files.createSymbolicLink(mountedModules.resolve("alias"), Path.of("real"));
        Path hostOnly = Files.writeString(dir.resolve("host-module"), "echo must not run\n");
        Files.createSymbolicLink(mountedModules.resolve("outside"), hostOnly);

        Run alias = run("module alias");
        Run outside = run("module outside");

        assertThat(alias.exitCode()).as(alias.output()).isZero();
        assertThat(alias.output()).isEqualTo("the real module\n");
        assertThat(outside.exitCode()).isEqualTo(1);
        assertThat(outside.output()).startsWith("realmfs:fatal: module: 'outside' in " + USER_MODULES
                        + " is a symbolic link to " + hostOnly + ", which module cannot follow: ")
                .doesNotContain("must not run");
    }

    @Test
    void aNameWithASlashOrALeadingDotIsNotAModuleName() throws Exception {
        Files.writeString(dir.resolve("escape"), "echo escaped\n");

        Run run = run("module ../../escape");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).isEqualTo("realmfs:fatal: module: '../../escape' is not a module name (a function"
                + " name or the name of a file in a modules directory)\n");
    }
}
