package org.citadel.realmfs.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.citadel.realmfs.api.JavaModule;
import org.citadel.realmfs.api.RealmfsBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerKeysTest {
    static final URI MIRROR = URI.create("http://mirror.invalid/debian");
    static final String HELPER_CODE = "info() { printf '%s\\n' \"$*\"; }\nmodule() { \"$1\"; }\n";
    static final LayerKeys TODAY = new LayerKeys(MIRROR, "a".repeat(64), "version 1.0", "helpers", HELPER_CODE);
    static final LayerKeys AFTER_AN_UPLOAD = new LayerKeys(MIRROR, "b".repeat(64), "version 1.0", "helpers", HELPER_CODE);

    @TempDir
    Path files;
    @TempDir
    Path modules;

    RealmfsBuild.Builder recipe() {
        return RealmfsBuild.builder()
                .packages("less", "vim-tiny")
                .filesDirectory(files)
                .preModule("set-motd", "echo hello > /etc/motd\ninstall_file 0644 motd.d /etc")
                .postModule("tune", "echo tuned > /etc/tuned");
    }

    @Test
    void theSameRecipeOnTheSameArchiveHasTheSameKeys() {
        assertThat(TODAY.chain(recipe().build())).isEqualTo(TODAY.chain(recipe().build()));
        assertThat(TODAY.chain(recipe().build()).keys()).extracting(LayerKey::kind)
                .containsExactly(LayerKind.BOOTSTRAP, LayerKind.PACKAGES);
    }

    @Test
    void aPostInstallOnlyChangeKeepsBothKeys() throws IOException {
        LayerChain before = TODAY.chain(recipe().build());
        LayerChain after = TODAY.chain(recipe().postModule("more", "echo more > /etc/more").build());

        assertThat(after.keys()).extracting(LayerKey::digest)
                .isEqualTo(before.keys().stream().map(LayerKey::digest).toList());
    }

    @Test
    void aPackageChangeKeepsTheBootstrapKeyAndSaysWhatChanged() {
        LayerChain before = TODAY.chain(recipe().build());
        LayerChain after = TODAY.chain(RealmfsBuild.builder().packages("less")
                .filesDirectory(files)
                .preModule("set-motd", "echo hello > /etc/motd\ninstall_file 0644 motd.d /etc").build());

        assertThat(digest(after, LayerKind.BOOTSTRAP)).isEqualTo(digest(before, LayerKind.BOOTSTRAP));
        assertThat(digest(after, LayerKind.PACKAGES)).isNotEqualTo(digest(before, LayerKind.PACKAGES));
        assertThat(KeyChange.describe(key(before, LayerKind.PACKAGES), key(after, LayerKind.PACKAGES)))
                .isEqualTo("packages changed (less vim-tiny → less)");
    }

    @Test
    void packagesAreASetSoTheirOrderDoesNotMatter() {
        RealmfsBuild reordered = RealmfsBuild.builder().packages("vim-tiny", "less").filesDirectory(files)
                .preModule("set-motd", "echo hello > /etc/motd\ninstall_file 0644 motd.d /etc").build();

        assertThat(digest(TODAY.chain(reordered), LayerKind.PACKAGES))
                .isEqualTo(digest(TODAY.chain(recipe().build()), LayerKind.PACKAGES));
    }

    @Test
    void aPreInstallModuleTextChangeChangesThePackageKeyAndNamesTheModule() {
        LayerChain before = TODAY.chain(recipe().build());
        LayerChain after = TODAY.chain(recipe().setPreModules(
                java.util.List.of(new org.citadel.realmfs.api.ShellModule("set-motd", "echo bye > /etc/motd"))).build());

        assertThat(digest(after, LayerKind.PACKAGES)).isNotEqualTo(digest(before, LayerKind.PACKAGES));
        assertThat(KeyChange.describe(key(before, LayerKind.PACKAGES), key(after, LayerKind.PACKAGES)))
                .startsWith("pre-install module 1 set-motd changed (sha256 ");
    }

    @Test
    void aChangedFileAPreInstallModuleCanInstallChangesThePackageKeyAndNamesTheFile() throws IOException {
        Files.writeString(files.resolve("motd.d"), "one\n");
        LayerChain before = TODAY.chain(recipe().build());
        Files.writeString(files.resolve("motd.d"), "two\n");
        LayerChain after = TODAY.chain(recipe().build());

        assertThat(digest(after, LayerKind.BOOTSTRAP)).isEqualTo(digest(before, LayerKind.BOOTSTRAP));
        assertThat(KeyChange.describe(key(before, LayerKind.PACKAGES), key(after, LayerKind.PACKAGES)))
                .startsWith("files directory 1 motd.d changed (file 644 sha256 ");
    }

    @Test
    void aChangedFileInAModulesDirectoryChangesThePackageKeyEvenWhenNoListNamesIt() throws IOException {
        Files.writeString(modules.resolve("helper"), "echo one > /etc/helper\n");
        RealmfsBuild callsHelper = recipe().modulesDirectory(modules).build();
        LayerChain before = TODAY.chain(callsHelper);
        Files.writeString(modules.resolve("helper"), "echo two > /etc/helper\n");
        LayerChain after = TODAY.chain(callsHelper);

        assertThat(digest(after, LayerKind.BOOTSTRAP)).isEqualTo(digest(before, LayerKind.BOOTSTRAP));
        assertThat(key(after, LayerKind.PACKAGES).lines()).contains("modules directory 1: " + modules);
        assertThat(KeyChange.describe(key(before, LayerKind.PACKAGES), key(after, LayerKind.PACKAGES)))
                .startsWith("modules directory 1 helper changed (file 644 sha256 ");
    }

    @Test
    void modulesDirectoriesDoNotMatterWhenNoPreInstallShellModuleRuns() throws IOException {
        RealmfsBuild postOnly = RealmfsBuild.builder().packages("less").modulesDirectory(modules)
                .postModule("call", "module helper").build();
        Files.writeString(modules.resolve("helper"), "echo one > /etc/helper\n");
        String before = digest(TODAY.chain(postOnly), LayerKind.PACKAGES);
        Files.writeString(modules.resolve("helper"), "echo two > /etc/helper\n");

        assertThat(digest(TODAY.chain(postOnly), LayerKind.PACKAGES)).isEqualTo(before);
    }

    @Test
    void filesDirectoriesDoNotMatterWhenNoPreInstallModuleRunsCode() throws IOException {
        RealmfsBuild noPreCode = RealmfsBuild.builder().packages("less").filesDirectory(files)
                .postModule("install", "install_file 0644 motd.d /etc").build();
        Files.writeString(files.resolve("motd.d"), "one\n");
        String before = digest(TODAY.chain(noPreCode), LayerKind.PACKAGES);
        Files.writeString(files.resolve("motd.d"), "two\n");

        assertThat(digest(TODAY.chain(noPreCode), LayerKind.PACKAGES)).isEqualTo(before);
    }

    @Test
    void aNewInReleaseChangesEveryKeyAndSaysSo() {
        LayerChain before = TODAY.chain(recipe().build());
        LayerChain after = AFTER_AN_UPLOAD.chain(recipe().build());

        assertThat(digest(after, LayerKind.BOOTSTRAP)).isNotEqualTo(digest(before, LayerKind.BOOTSTRAP));
        assertThat(digest(after, LayerKind.PACKAGES)).isNotEqualTo(digest(before, LayerKind.PACKAGES));
        assertThat(KeyChange.describe(key(before, LayerKind.BOOTSTRAP), key(after, LayerKind.BOOTSTRAP)))
                .isEqualTo("InRelease sha256 changed (aaaaaaaaaaaa → bbbbbbbbbbbb)");
    }

    @Test
    void aPreInstallJavaModuleWithoutACacheKeyEndsTheChainAfterTheBootstrapLayer() {
        LayerChain chain = TODAY.chain(recipe().preModule("java-step", ctx -> { }).build());

        assertThat(chain.keys()).extracting(LayerKey::kind).containsExactly(LayerKind.BOOTSTRAP);
        assertThat(chain.stopReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("java-step").contains("without a cache key"));
    }

    @Test
    void aPreInstallJavaModuleWithAnExplicitCacheKeyIsPartOfThePackageKey() {
        LayerChain v1 = TODAY.chain(recipe().preModule(new JavaModule("java-step", ctx -> { }, Optional.of("v1"))).build());
        LayerChain v2 = TODAY.chain(recipe().preModule(new JavaModule("java-step", ctx -> { }, Optional.of("v2"))).build());

        assertThat(v1.key(LayerKind.PACKAGES)).isPresent();
        assertThat(digest(v2, LayerKind.PACKAGES)).isNotEqualTo(digest(v1, LayerKind.PACKAGES));
    }

    @Test
    void aKeyReadBackFromItsTextIsTheSameKey() {
        LayerKey key = key(TODAY.chain(recipe().build()), LayerKind.PACKAGES);

        assertThat(LayerKey.parse(LayerKind.PACKAGES, key.text())).isEqualTo(key);
    }

    /** A build.conf's shape: its variables in the prelude, each function given by name. */
    RealmfsBuild.Builder config(String preInstallCode, String greet, String tidy) {
        return RealmfsBuild.builder()
                .packages("less")
                .shellPrelude("declare -g PRE_INSTALL_MODULES=\"prepare\"\ndeclare -g POST_INSTALL_MODULES=\"tidy\"\n")
                .shellFunction("prepare", "prepare () \n{ \n    " + preInstallCode + "\n}\n")
                .shellFunction("greet", "greet () \n{ \n    " + greet + "\n}\n")
                .shellFunction("salute", "salute () \n{ \n    greet \"$@\"\n}\n")
                .shellFunction("tidy", "tidy () \n{ \n    " + tidy + "\n}\n")
                .preModule("prepare", "'prepare'\n")
                .postModule("tidy", "'tidy'\n");
    }

    @Test
    void changingAFunctionOnlyPostInstallCodeNamesKeepsThePackageKeyEvenThoughAModuleListNamesIt() {
        String before = digest(TODAY.chain(config("salute world", "echo hello", "rm -f /a").build()), LayerKind.PACKAGES);
        String after = digest(TODAY.chain(config("salute world", "echo hello", "rm -f /b").build()), LayerKind.PACKAGES);

        assertThat(after).isEqualTo(before);
    }

    @Test
    void changingAFunctionAPreInstallFunctionCallsThroughAnotherChangesThePackageKeyAndNamesIt() {
        LayerChain before = TODAY.chain(config("salute world", "echo hello", "rm -f /a").build());
        LayerChain after = TODAY.chain(config("salute world", "echo bonjour", "rm -f /a").build());

        assertThat(digest(after, LayerKind.PACKAGES)).isNotEqualTo(digest(before, LayerKind.PACKAGES));
        assertThat(KeyChange.describe(key(before, LayerKind.PACKAGES), key(after, LayerKind.PACKAGES)))
                .contains("shell function greet");
    }

    @Test
    void aNameSpeltWithQuotesOrBackslashesStillCounts() {
        String before = digest(TODAY.chain(config("gr\"\"ee\\t world", "echo hello", "rm -f /a").build()), LayerKind.PACKAGES);
        String after = digest(TODAY.chain(config("gr\"\"ee\\t world", "echo bonjour", "rm -f /a").build()), LayerKind.PACKAGES);

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void aFunctionNamedInAModulesDirectoryFileIsReachedEvenWhenNoListNamesTheFile() throws IOException {
        Files.writeString(modules.resolve("unlisted"), "tidy\n");
        RealmfsBuild.Builder withModules = config("true", "echo hello", "rm -f /a").modulesDirectory(modules);

        String before = digest(TODAY.chain(withModules.build()), LayerKind.PACKAGES);
        String after = digest(TODAY.chain(withModules.shellFunction("tidy", "tidy () \n{ \n    rm -f /b\n}\n").build()),
                LayerKind.PACKAGES);

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void aDynamicCallMakesEveryFunctionPartOfThePackageKeyAndSaysWhichCallItFound() {
        for (String dynamic : new String[] {"eval \"$cmd\"", "\"$cmd\" arg", "x=1 $cmd", "for f in a; do $f; done",
                "echo ${!name}", "module \"$m\"", "bash -c \"$code\"", ". \"$file\"", "gr{e,x}et",
                "command $c", "set -a", "export -f \"$f\"", "true && `echo tidy`"}) {
            LayerChain before = TODAY.chain(config(dynamic, "echo hello", "rm -f /a").build());
            LayerChain after = TODAY.chain(config(dynamic, "echo hello", "rm -f /b").build());

            assertThat(digest(after, LayerKind.PACKAGES)).as(dynamic).isNotEqualTo(digest(before, LayerKind.PACKAGES));
            assertThat(key(after, LayerKind.PACKAGES).text()).as(dynamic)
                    .contains("shell functions: all (the pre-install phase calls commands by computed names: ");
        }
    }

    @Test
    void quotedVariablesAndCommandSubstitutionsAreNotDynamicCalls() {
        LayerChain chain = TODAY.chain(config("local v=\"$(date)\"; [ -n \"$v\" ] && echo \"$v\" | tee /x; install -m \"$m\" a b",
                "echo hello", "rm -f /a").build());

        assertThat(key(chain, LayerKind.PACKAGES).text()).contains("shell function prepare")
                .doesNotContain("shell functions: all", "shell function tidy", "shell function greet");
    }

    @Test
    void variablesInATestAreNotCommandWordsButACommandSubstitutionInOneStillIsSearched() {
        LayerChain plain = TODAY.chain(config("if [[ -z $a && $b == x ]]; then greet; fi", "echo hello", "rm -f /a").build());
        LayerChain substituted = TODAY.chain(config("[[ -n $($cmd) ]] && true", "echo hello", "rm -f /a").build());

        assertThat(key(plain, LayerKind.PACKAGES).text()).doesNotContain("shell functions: all", "shell function tidy")
                .contains("shell function greet");
        assertThat(key(substituted, LayerKind.PACKAGES).text()).contains("shell functions: all");
    }

    @Test
    void theBaseImagesPreInstallModulesMakeNoDynamicCall() {
        RealmfsBuild.Builder recipe = config("true", "echo hello", "rm -f /a");
        for (String name : org.citadel.realmfs.core.compat.BaseImage.BASE_PRE_INSTALL_MODULES) {
            recipe.preModule(name, org.citadel.realmfs.core.modules.BuiltinModules.script(name).orElseThrow());
        }

        assertThat(key(TODAY.chain(recipe.build()), LayerKind.PACKAGES).text()).doesNotContain("shell functions: all");
    }

    @Test
    void aFunctionTheBuildersHelpersCallIsReached() {
        RealmfsBuild.Builder recipe = config("true", "echo hello", "rm -f /a")
                .shellFunction("info", "info () \n{ \n    echo mine\n}\n");

        assertThat(key(TODAY.chain(recipe.build()), LayerKind.PACKAGES).text()).contains("shell function info");
    }

    @Test
    void aVariableValueWithCodeIsSearched() {
        RealmfsBuild.Builder recipe = config("true", "echo hello", "rm -f /a")
                .shellPrelude("declare -g HOOK=\"$(tidy)\"\n");

        assertThat(key(TODAY.chain(recipe.build()), LayerKind.PACKAGES).text()).contains("shell function tidy");
    }

    private static LayerKey key(LayerChain chain, LayerKind kind) {
        return chain.key(kind).orElseThrow();
    }

    private static String digest(LayerChain chain, LayerKind kind) {
        return key(chain, kind).digest();
    }
}
