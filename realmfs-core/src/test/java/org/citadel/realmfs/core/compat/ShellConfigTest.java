package org.citadel.realmfs.core.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.JavaModule;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.ShellModule;
import org.citadel.realmfs.core.modules.BuiltinModules;
import org.citadel.realmfs.core.modules.ShellRuntime;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.Spawner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellConfigTest {
    @TempDir
    Path work;

    private ShellConfig loader;

    @BeforeEach
    void createLoader() {
        loader = new ShellConfig(Spawner.host());
    }

    private Path config(String text) throws IOException {
        return Files.writeString(work.resolve("build.conf"), text);
    }

    private RealmfsBuild load(String text) throws IOException {
        return loader.load(config(text));
    }

    private static List<String> names(List<Module> modules) {
        return modules.stream().map(Module::name).toList();
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    @Nested
    class Packages {
        @Test
        void packagesAreAddedToTheBasePackages() throws IOException {
            RealmfsBuild build = load("PACKAGES=\"tmux vim\"\n");

            assertThat(build.basePackages()).isEqualTo(BaseImage.BASE_PACKAGES);
            assertThat(build.packages()).containsExactly("tmux", "vim");
        }

        @Test
        void basePackagesReplaceTheBaseList() throws IOException {
            RealmfsBuild build = load("BASE_PACKAGES=\"less\"\nPACKAGES=tmux\n");

            assertThat(build.basePackages()).containsExactly("less");
            assertThat(build.allPackages()).containsExactly("less", "tmux");
        }

        @Test
        void anEmptyConfigBuildsTheBaseImageOnTrixie() throws IOException {
            RealmfsBuild build = load("");

            assertThat(build.release()).isEqualTo("trixie");
            assertThat(build.mirror()).isEmpty();
            assertThat(build.hostname()).isEmpty();
            assertThat(build.allPackages()).isEqualTo(BaseImage.BASE_PACKAGES);
        }

        @Test
        void anInvalidPackageNameIsReportedWithTheConfigFile() throws IOException {
            Path conf = config("PACKAGES=\"vim Firefox\"\n");

            assertThatThrownBy(() -> loader.load(conf)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageStartingWith(conf.toString()).hasMessageContaining("'Firefox'");
        }
    }

    @Nested
    class BashSemantics {
        @Test
        void quotingCommentsLineContinuationsAndDerivedVariablesMeanWhatBashMakesOfThem() throws IOException {
            RealmfsBuild build = load("""
                    # PACKAGES="commented-out"
                    EDITORS='vim '"nano" # trailing comment
                    TOOLS=(tmux
                           unzip)
                    PACKAGES="$EDITORS \\
                      ${TOOLS[*]}"
                    if [[ -n $EDITORS ]]; then PACKAGES+=" less"; fi
                    """);

            assertThat(build.packages()).containsExactly("vim", "nano", "tmux", "unzip", "less");
        }

        @Test
        void anArrayListsItsElements() throws IOException {
            RealmfsBuild build = load("PACKAGES=(vim \"tmux unzip\")\n");

            assertThat(build.packages()).containsExactly("vim", "tmux", "unzip");
        }

        @Test
        void theBaseListsCanBeEditedFromTheirDefaults() throws IOException {
            RealmfsBuild build = load("BASE_PACKAGES=\"${BASE_PACKAGES/apt-cacher-ng/}\"\n");

            assertThat(build.basePackages()).doesNotContain("apt-cacher-ng").contains("sudo", "less");
        }

        @Test
        void whatTheConfigPrintsOrItsLastFailingCommandDoNotMatter() throws IOException {
            RealmfsBuild build = load("echo hello\ninfo loading\nPACKAGES=vim\nfalse\n");

            assertThat(build.packages()).containsExactly("vim");
        }

        @Test
        void theConfigSeesNoHostEnvironment() throws IOException {
            RealmfsBuild build = load("PACKAGES=\"${JAVA_HOME:-none}\"\n");

            assertThat(build.packages()).containsExactly("none");
        }
    }

    @Nested
    class Settings {
        @Test
        void releaseMirrorAndHostNameComeFromTheirVariables() throws IOException {
            RealmfsBuild build = load("""
                    DEBIAN_RELEASE=forky
                    DEBIAN_MIRROR="http://mirror.invalid/debian"
                    REALMFS_HOSTNAME=workstation
                    """);

            assertThat(build.release()).isEqualTo("forky");
            assertThat(build.mirror()).contains(URI.create("http://mirror.invalid/debian"));
            assertThat(build.hostname()).contains("workstation");
        }

        @Test
        void anInvalidMirrorIsReportedWithTheConfigFile() throws IOException {
            Path conf = config("DEBIAN_MIRROR=\"ftp://mirror.invalid/debian\"\n");

            assertThatThrownBy(() -> loader.load(conf)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageStartingWith(conf.toString()).hasMessageContaining("ftp://mirror.invalid/debian");
        }
    }

    @Nested
    class Modules {
        @Test
        void preAndPostModulesAreAddedToTheBaseModules() throws IOException {
            Files.createDirectories(work.resolve("realmfs-modules"));
            Files.writeString(work.resolve("realmfs-modules/first"), "info first\n");
            Files.writeString(work.resolve("realmfs-modules/last"), "info last\n");

            RealmfsBuild build = load("PRE_INSTALL_MODULES=first\nPOST_INSTALL_MODULES=last\n");

            assertThat(names(build.preModules())).isEqualTo(concat(BaseImage.BASE_PRE_INSTALL_MODULES, "first"));
            assertThat(names(build.postModules())).isEqualTo(concat(BaseImage.BASE_POST_INSTALL_MODULES, "last"));
        }

        @Test
        void baseModuleListsReplaceTheDefaults() throws IOException {
            RealmfsBuild build = load("""
                    BASE_PRE_INSTALL_MODULES="utility-library configure-locale"
                    BASE_POST_INSTALL_MODULES=""
                    POST_INSTALL_MODULES=set-hostname
                    """);

            assertThat(names(build.preModules())).containsExactly("utility-library", "configure-locale");
            assertThat(names(build.postModules())).containsExactly("set-hostname");
        }

        @Test
        void aFunctionOfTheConfigIsAModuleThatCallsIt() throws IOException {
            RealmfsBuild build = load("""
                    POST_INSTALL_MODULES="my-module"
                    my-module() {
                        info "configuring"
                    }
                    """);

            Module module = build.postModules().get(build.postModules().size() - 1);
            assertThat(module).isEqualTo(new ShellModule("my-module", "'my-module'\n"));
            assertThat(ShellRuntime.preludeText(build)).contains("my-module () \n{ \n    info \"configuring\"\n}");
            assertThat(build.shellFunctions()).containsOnlyKeys("my-module");
        }

        @Test
        void aFileInRealmfsModulesIsAModuleWithItsText() throws IOException {
            Files.createDirectories(work.resolve("realmfs-modules"));
            Files.writeString(work.resolve("realmfs-modules/motd"), "echo hello > /etc/motd\n");

            RealmfsBuild build = load("PRE_INSTALL_MODULES=motd\n");

            assertThat(build.preModules()).last().isEqualTo(new ShellModule("motd", "echo hello > /etc/motd\n"));
        }

        @Test
        void aBuiltinModuleIsUsedWhenNoFunctionOrFileHasItsName() throws IOException {
            RealmfsBuild build = load("BASE_PRE_INSTALL_MODULES=set-hostname\n");

            assertThat(((ShellModule) build.preModules().get(0)).script())
                    .isEqualTo(BuiltinModules.script("set-hostname").orElseThrow());
        }

        @Test
        void aFunctionComesBeforeAFileWhichComesBeforeABuiltinModule() throws IOException {
            Files.createDirectories(work.resolve("realmfs-modules"));
            Files.writeString(work.resolve("realmfs-modules/set-hostname"), "echo from file\n");
            Files.writeString(work.resolve("realmfs-modules/create-user"), "echo from file\n");

            RealmfsBuild build = load("""
                    BASE_PRE_INSTALL_MODULES="create-user set-hostname configure-locale"
                    create-user() { echo from function; }
                    """);

            assertThat(build.preModules()).extracting(m -> ((ShellModule) m).script()).containsExactly(
                    "'create-user'\n", "echo from file\n", BuiltinModules.script("configure-locale").orElseThrow());
        }

        @Test
        void anUnknownModuleIsReportedWithTheConfigFileAndTheVariable() throws IOException {
            Path conf = config("POST_INSTALL_MODULES=\"no-such-module\"\n");

            assertThatThrownBy(() -> loader.load(conf)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageStartingWith(conf.toString())
                    .hasMessageContaining("module 'no-such-module' named in POST_INSTALL_MODULES")
                    .hasMessageContaining(work.resolve("realmfs-modules").toString());
        }

        @Test
        void aModuleFileThatCannotBeReadIsReportedWithItsPath() throws IOException {
            Files.createDirectories(work.resolve("realmfs-modules/a-directory"));
            Path conf = config("PRE_INSTALL_MODULES=a-directory\n");

            assertThatThrownBy(() -> loader.load(conf)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageStartingWith(conf.toString())
                    .hasMessageContaining("cannot read the module file " + work.resolve("realmfs-modules/a-directory")
                            + " named in PRE_INSTALL_MODULES (it is a directory)");
        }

        @Test
        void aDanglingModuleSymlinkIsReportedRatherThanSkipped() throws IOException {
            Files.createDirectories(work.resolve("realmfs-modules"));
            Files.createSymbolicLink(work.resolve("realmfs-modules/my-module"), work.resolve("missing"));
            Path conf = config("PRE_INSTALL_MODULES=my-module\n");

            assertThatThrownBy(() -> loader.load(conf)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageContaining("cannot read the module file " + work.resolve("realmfs-modules/my-module")
                            + " named in PRE_INSTALL_MODULES (it is a symbolic link to a file that does not exist)");
        }

        @Test
        void realmfsModulesIsTheModulesDirectorySoModuleFindsFilesThatNoListNames() throws IOException {
            Files.createDirectories(work.resolve("realmfs-modules"));
            Files.writeString(work.resolve("realmfs-modules/helper"), "echo helping\n");

            RealmfsBuild build = load("my_post() { module helper; }\nPOST_INSTALL_MODULES=my_post\n");

            assertThat(build.modulesDirectories()).containsExactly(work.resolve("realmfs-modules"));
            assertThat(names(build.postModules())).doesNotContain("helper");
        }

        @Test
        void withoutRealmfsModulesOnlyTheBuiltinModulesAreSearched() throws IOException {
            assertThat(load("PACKAGES=less\n").modulesDirectories()).isEmpty();
        }

        @Test
        void aConfigFunctionNamedLikeABuiltinModuleOverridesItInTheListsAndForModuleName() throws Exception {
            RealmfsBuild build = load("create-user() { echo \"the config's create-user\"; }\n");
            Path builtins = Files.createDirectories(work.resolve("builtin-modules"));
            Files.writeString(builtins.resolve("create-user"), BuiltinModules.script("create-user").orElseThrow());
            Files.writeString(work.resolve("runtime.sh"), org.citadel.realmfs.core.modules.ShellRuntime.runtimeScript());
            Files.writeString(work.resolve("prelude.sh"), ShellRuntime.preludeText(build));
            List<String> output = new ArrayList<>();

            int status;
            try (Spawner host = Spawner.host()) {
                status = host.run(Command.host("bash", "--norc", "--noprofile", "-c",
                                ". ./runtime.sh\n. ./prelude.sh\nmodule create-user\n")
                        .withWorkingDirectory(work.toString())
                        .withEnvironment(java.util.Map.of("REALMFS_BUILD_DIR", work.toString(),
                                "REALMFS_MODULES_PATH", builtins.toString(),
                                "REALMFS_MODULES_SHOWN", "the builder's built-in modules")), output::add);
            }

            assertThat(build.preModules()).contains(new ShellModule("create-user", "'create-user'\n"));
            assertThat(status).as(String.join("\n", output)).isZero();
            assertThat(output).containsExactly("the config's create-user");
        }

        @Test
        void aModuleNameCannotLeaveTheModulesDirectory() throws IOException {
            Path conf = config("PRE_INSTALL_MODULES=../build.conf\n");

            assertThatThrownBy(() -> loader.load(conf)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageContaining("'../build.conf' in PRE_INSTALL_MODULES is not a module name");
        }
    }

    @Nested
    class Overrides {
        @Test
        void theConfigsFunctionsAndVariablesReachTheBuildsShell() throws IOException {
            RealmfsBuild build = load("""
                    info() { echo "[config] $*"; }
                    GREETING="hello world"
                    declare -a LIST=(a "b c")
                    """);

            assertThat(ShellRuntime.preludeText(build))
                    .contains("info () \n{ \n    echo \"[config] $*\"\n}")
                    .contains("declare -g GREETING=\"hello world\"")
                    .contains("declare -ga LIST=([0]=\"a\" [1]=\"b c\")")
                    .doesNotContain("BASH_", "RANDOM", "LINENO", "module ()", "__realmfs");
        }

        @Test
        void thePreludeDefinesTheConfigsVariablesGloballyEvenWhenSourcedInAFunction() throws IOException {
            RealmfsBuild build = load("GREETING=\"it's \\\"quoted\\\"\"\nPACKAGES=vim\ngreet() { echo \"$GREETING\"; }\n");

            List<String> output = runBash("load() { eval \"$1\"; }\nload \"$PRELUDE\"\ngreet\necho \"$PACKAGES\"\n",
                    ShellRuntime.preludeText(build));

            assertThat(output).containsExactly("it's \"quoted\"", String.join(" ", BaseImage.BASE_PACKAGES) + " vim");
        }

        private List<String> runBash(String script, String prelude) {
            List<String> lines = new ArrayList<>();
            int status;
            try (Spawner host = Spawner.host()) {
                status = host.run(Command.host("bash", "--norc", "--noprofile", "-c", script)
                        .withEnvironment(java.util.Map.of("PRELUDE", prelude)), lines::add);
            }
            assertThat(status).as("bash exit status, output %s", lines).isZero();
            return lines;
        }
    }

    @Nested
    class FilesToInstall {
        @Test
        void installFileLooksBesideTheConfig() throws IOException {
            Files.createDirectories(work.resolve("realmfs-files"));

            RealmfsBuild build = load("");

            // The engine searches the built-in files after these, inside the chroot.
            assertThat(build.filesDirectories()).containsExactly(work.resolve("realmfs-files"));
        }

        @Test
        void withoutRealmfsFilesNoHostDirectoryIsSearched() throws IOException {
            RealmfsBuild build = load("");

            assertThat(build.filesDirectories()).isEmpty();
        }
    }

    @Nested
    class BadInput {
        @Test
        void aMissingConfigIsReportedWithItsPath() {
            Path missing = work.resolve("missing.conf");

            assertThatThrownBy(() -> loader.load(missing)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageContaining(missing + " does not exist");
        }

        @Test
        void aDirectoryIsNotAConfig() {
            assertThatThrownBy(() -> loader.load(work)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageContaining(work + " is not a readable regular file");
        }

        @Test
        void aSyntaxErrorIsReportedWithBashsMessageTheFileAndTheLine() throws IOException {
            Path conf = config("PACKAGES=vim\n\nmy-module() {\n    info hi\n\n");

            assertThatThrownBy(() -> loader.load(conf)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageStartingWith(conf + " is not valid bash")
                    .hasMessageContaining(conf + ": line 6: syntax error");
        }

        @Test
        void aConfigThatCallsFatalIsReportedWithItsMessage() throws IOException {
            Path conf = config("fatal \"set PACKAGES first\"\n");

            assertThatThrownBy(() -> loader.load(conf)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageContaining(conf + " failed while it was loaded (bash exit status 1)")
                    .hasMessageContaining("Fatal: set PACKAGES first");
        }

        @Test
        void aConfigThatExitsBeforeItsEndIsReported() throws IOException {
            Path conf = config("PACKAGES=vim\nexit 0\n");

            assertThatThrownBy(() -> loader.load(conf)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageContaining(conf + " failed while it was loaded (it exits before its end)");
        }

        @Test
        void installFileAtTheTopLevelExplainsThatItBelongsInAModule() throws IOException {
            Path conf = config("install_file 0644 x.conf /etc\n");

            assertThatThrownBy(() -> loader.load(conf)).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageContaining("'install_file 0644 x.conf /etc' can only run inside a module");
        }
    }

    @Nested
    class ExtendingInJava {
        @Test
        void aLoadedConfigCanBeExtendedWithToBuilder() throws IOException {
            RealmfsBuild loaded = load("PACKAGES=vim\nPOST_INSTALL_MODULES=greet\ngreet() { info hi; }\n");

            RealmfsBuild extended = loaded.toBuilder()
                    .packages("tmux")
                    .postModule("write-motd", ctx -> ctx.writeFile("/etc/motd", "realm\n", 0644))
                    .build();

            assertThat(extended.packages()).containsExactly("vim", "tmux");
            assertThat(names(extended.postModules()))
                    .isEqualTo(concat(BaseImage.BASE_POST_INSTALL_MODULES, "greet", "write-motd"));
            assertThat(extended.postModules()).last().isInstanceOf(JavaModule.class);
            assertThat(extended.shellPrelude()).isEqualTo(loaded.shellPrelude());
            assertThat(extended.shellFunctions()).isEqualTo(loaded.shellFunctions()).isNotEmpty();
            assertThat(extended.filesDirectories()).isEqualTo(loaded.filesDirectories());
        }
    }

    @Nested
    class Template {
        @Test
        void theTemplateLoadsAsWritten() throws IOException {
            RealmfsBuild build = load(ShellConfig.templateText());

            assertThat(build.release()).isEqualTo("trixie");
            assertThat(build.mirror()).isEmpty();
            assertThat(build.packages()).contains("gnome-terminal", "firefox-esr");
            assertThat(names(build.postModules())).endsWith("example-module", "another-module");
        }

        @Test
        void theTemplateNamesNoMirrorHost() {
            assertThat(ShellConfig.templateText()).doesNotContainPattern("(?m)^[^#]*://").doesNotContain("debian.org");
        }
    }
}
