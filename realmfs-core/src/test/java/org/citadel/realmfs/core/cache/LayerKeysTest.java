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
    static final LayerKeys TODAY = new LayerKeys(MIRROR, "a".repeat(64), "version 1.0", "helpers");
    static final LayerKeys AFTER_AN_UPLOAD = new LayerKeys(MIRROR, "b".repeat(64), "version 1.0", "helpers");

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
        LayerChain after = TODAY.chain(recipe().modules(org.citadel.realmfs.api.Phase.PRE_INSTALL,
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

    private static LayerKey key(LayerChain chain, LayerKind kind) {
        return chain.key(kind).orElseThrow();
    }

    private static String digest(LayerChain chain, LayerKind kind) {
        return key(chain, kind).digest();
    }
}
