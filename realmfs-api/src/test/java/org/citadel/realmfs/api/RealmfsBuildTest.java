package org.citadel.realmfs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealmfsBuildTest {

    @Test
    void defaultsToTrixieMinbaseWithSystemdAndLocalesAndTheHostMirror() {
        RealmfsBuild recipe = RealmfsBuild.builder().build();

        assertThat(recipe.release()).isEqualTo("trixie");
        assertThat(recipe.variant()).isEqualTo("minbase");
        assertThat(recipe.bootstrapIncludes()).containsExactly("systemd-sysv", "locales");
        assertThat(recipe.mirror()).isEmpty();
        assertThat(recipe.allPackages()).isEmpty();
    }

    @Test
    void extraPackagesAreAddedToTheBaseSetWithoutDuplicates() {
        RealmfsBuild build = RealmfsBuild.builder()
                .setBasePackages("sudo", "less")
                .packages("vim-tiny", "less")
                .build();

        assertThat(build.allPackages()).containsExactly("sudo", "less", "vim-tiny");
    }

    @Test
    void theSnippetFromTheIssueBuildsAndKeepsItsModulesInOrder() {
        RealmfsBuild build = RealmfsBuild.builder()
                .release("trixie")
                .mirror(URI.create("http://mirror.invalid/debian"))
                .packages("vim-tiny", "less")
                .preModule("set-motd", "echo hello > /etc/motd")
                .postModule("java-step", ctx -> ctx.writeFile("/etc/x.conf", "a=1\n", 0644))
                .installFile(Path.of("files/x.service"), "/usr/lib/systemd/system", 0644)
                .build();

        assertThat(build.preModules()).extracting(Module::name).containsExactly("set-motd");
        assertThat(build.postModules()).extracting(Module::name)
                .containsExactly("java-step", "install-file /usr/lib/systemd/system/x.service");
    }

    @Test
    void namesThatCouldBeReadAsOptionsAreRejectedBeforeAnythingRuns() {
        assertThatThrownBy(() -> RealmfsBuild.builder().packages("--allow-unauthenticated"))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("--allow-unauthenticated").hasMessageContaining("option");
        assertThatThrownBy(() -> RealmfsBuild.builder().preModule("-rf", "true"))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("-rf");
    }

    @Test
    void invalidPackageNamesReleasesAndModesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> RealmfsBuild.builder().packages("Vim Tiny"))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("not a valid Debian package name");
        assertThatThrownBy(() -> RealmfsBuild.builder().release("Trixie 13"))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("not a Debian release name");
        assertThatThrownBy(() -> RealmfsBuild.builder().installFile(Path.of("a"), "/etc", 010000))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("is not a file mode");
        assertThatThrownBy(() -> RealmfsBuild.builder().installFile(Path.of("a"), "/etc/../..", 0644))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("'..'");
        assertThatThrownBy(() -> RealmfsBuild.builder().installFile(Path.of("a"), "etc", 0644))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("absolute");
    }

    @Test
    void packageNamesMayCarryAnArchitectureOrVersion() {
        RealmfsBuild build = RealmfsBuild.builder().packages("libc6:amd64", "less=590-2", "g++").build();
        assertThat(build.packages()).containsExactly("libc6:amd64", "less=590-2", "g++");
    }

    @Test
    void aRecipeIsImmutableAndCanBeExtendedThroughToBuilder() {
        RealmfsBuild base = RealmfsBuild.builder()
                .packages("less")
                .preModule("one", "true")
                .environment("A", "1")
                .shellPrelude("f() { :; }")
                .build();

        RealmfsBuild extended = base.toBuilder().packages("vim-tiny").postModule("two", "true").build();

        assertThat(base.packages()).containsExactly("less");
        assertThat(base.postModules()).isEmpty();
        assertThat(extended.packages()).containsExactly("less", "vim-tiny");
        assertThat(extended.preModules()).extracting(Module::name).containsExactly("one");
        assertThat(extended.postModules()).extracting(Module::name).containsExactly("two");
        assertThat(extended.environment()).containsEntry("A", "1");
        assertThat(extended.shellPrelude()).isEqualTo("f() { :; }");
        assertThatThrownBy(() -> base.packages().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shellFunctionsKeepTheirOrderAReusedNameReplacesItsDefinitionAndToBuilderKeepsThem() {
        RealmfsBuild base = RealmfsBuild.builder()
                .shellFunction("prepare-disk", "prepare-disk () \n{ \n    true\n}\n")
                .shellFunction("greet", "greet () \n{ \n    echo hi\n}\n")
                .build();

        RealmfsBuild extended = base.toBuilder().shellFunction("greet", "greet () \n{ \n    echo hello\n}\n").build();

        assertThat(base.shellFunctions().keySet()).containsExactly("prepare-disk", "greet");
        assertThat(base.shellFunctions()).containsEntry("greet", "greet () \n{ \n    echo hi\n}\n");
        assertThat(extended.shellFunctions().keySet()).containsExactly("prepare-disk", "greet");
        assertThat(extended.shellFunctions()).containsEntry("greet", "greet () \n{ \n    echo hello\n}\n");
        assertThatThrownBy(() -> base.shellFunctions().put("x", "x () { :; }"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aShellFunctionNeedsANameBashCanCall() {
        for (String name : new String[] {"", "two words", "a$b", "a/b", "f()", "a=b"}) {
            assertThatThrownBy(() -> RealmfsBuild.builder().shellFunction(name, "true"))
                    .as(name).isInstanceOf(InvalidRecipeException.class).hasMessageContaining("not a shell function name");
        }
    }

    @Test
    void javaModulesHaveNoCacheKeyUnlessGivenOneButShellModulesAreKeyedByTheirText() {
        JavaModule plain = new JavaModule("j", ctx -> { });
        JavaModule keyed = new JavaModule("j", ctx -> { }, java.util.Optional.of("v2"));
        assertThat(plain.cacheKey()).isEmpty();
        assertThat(keyed.cacheKey()).contains("java:j\nv2");
        assertThat(new ShellModule("s", "echo 1").cacheKey()).isNotEqualTo(new ShellModule("s", "echo 2").cacheKey());
    }

    @Test
    void environmentVariablesKeepTheOrderTheyWereSetIn() {
        RealmfsBuild build = RealmfsBuild.builder().environment("B", "1").environment("A", "2").build();

        assertThat(build.environment().keySet()).containsExactly("B", "A");
        assertThat(build.toBuilder().environment("C", "3").build().environment().keySet()).containsExactly("B", "A", "C");
    }

    @Test
    void mirrorsMustBeHttpHttpsOrFile() {
        assertThatThrownBy(() -> RealmfsBuild.builder().mirror(URI.create("ftp://x/debian")))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("http, https or file");
    }

    @Test
    void thePlanComesFromTheEngineSoWithoutOneItSaysWhatToAdd() {
        RealmfsBuild recipe = RealmfsBuild.builder().packages("less").build();

        assertThatThrownBy(recipe::plan).isInstanceOf(HostRequirementException.class)
                .hasMessage("No build engine on the class path: add realmfs-core");
    }

    @Test
    void aRecipePrintsASummaryWithoutAnEngine() {
        RealmfsBuild recipe = RealmfsBuild.builder().setBasePackages("sudo").packages("less").preModule("m", "true").build();

        assertThat(recipe).hasToString("RealmfsBuild[release trixie, variant minbase, mirror of the host's apt,"
                + " packages [sudo, less], pre-install modules [m], post-install modules []]");
    }

    @Test
    void methodsNamedAfterAnElementAddAndSetMethodsReplaceTheWholeCollection() {
        Module one = new ShellModule("one", "true");
        Module two = new ShellModule("two", "true");
        Module three = new ShellModule("three", "true");
        RealmfsBuild build = RealmfsBuild.builder()
                .setBasePackages("sudo").setBasePackages("less", "file")
                .packages("vim-tiny").packages(List.of("curl"))
                .setBootstrapIncludes(List.of("locales"))
                .preModule(one).setPreModules(List.of(two, three)).preModule(one)
                .postModule(one).installFile(Path.of("x.conf"), "/etc", 0644).setPostModules(List.of(three))
                .postModule(two)
                .build();

        assertThat(build.basePackages()).containsExactly("less", "file");
        assertThat(build.packages()).containsExactly("vim-tiny", "curl");
        assertThat(build.bootstrapIncludes()).containsExactly("locales");
        assertThat(build.preModules()).containsExactly(two, three, one);
        assertThat(build.postModules()).containsExactly(three, two);
    }

    @Test
    void aRejectedReplacementLeavesTheBuilderAsItWas() {
        RealmfsBuild.Builder builder = RealmfsBuild.builder().setBasePackages("less");

        assertThatThrownBy(() -> builder.setBasePackages("sudo", "Not A Package"))
                .isInstanceOf(InvalidRecipeException.class);
        assertThatThrownBy(() -> builder.setPreModules(java.util.Arrays.asList(new ShellModule("a", "true"), null)))
                .isInstanceOf(NullPointerException.class);

        assertThat(builder.build().basePackages()).containsExactly("less");
    }

    @Test
    void installFileTakesARootfsPathAndAFileModeOrChecksAStringAndAnIntAtOnce() {
        Path unit = Path.of("files/x.service");
        RealmfsBuild typed = RealmfsBuild.builder()
                .installFile(unit, RootfsPath.of("/usr/lib/systemd/system"), FileMode.of(0644)).build();
        RealmfsBuild plain = RealmfsBuild.builder().installFile(unit, "/usr/lib/systemd//system/", 0644).build();

        assertThat(plain.postModules()).isEqualTo(typed.postModules());
        InstallFileModule step = (InstallFileModule) typed.postModules().get(0);
        assertThat(step.targetPath()).isEqualTo(RootfsPath.of("/usr/lib/systemd/system/x.service"));
        assertThat(step.mode()).isEqualTo(FileMode.of(0644));
        assertThat(step.source()).isEqualTo(unit.toAbsolutePath());
    }
}
