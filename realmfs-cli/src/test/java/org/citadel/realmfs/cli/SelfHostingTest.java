package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.BuildPlan;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.api.InstallFileModule;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.ShellModule;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.Test;

class SelfHostingTest {
    private static final Path JAR = Path.of("/opt/builder/realmfs-builder.jar");
    private static final Path DISTRIBUTED_LAUNCHER = Path.of("src/main/dist/realmfs-builder");
    private static final RealmfsBuild RECIPE = RealmfsBuild.builder()
            .release("trixie")
            .mirror(URI.create("http://mirror.example/debian"))
            .setBasePackages("less")
            .packages("vim-tiny", "xz-utils")
            .preModule("set-motd", "echo hi > /etc/motd")
            .postModule("clean-docs", "rm -rf /usr/share/doc")
            .hostname("realm")
            .environment("GREETING", "hello")
            .shellPrelude("my_helper() { :; }\n")
            .build();

    private final SelfHosting selfHosting = SelfHosting.of(JAR);

    @Test
    void theImageGetsAJavaRuntimeAndTheToolsTheBuilderRunsAfterTheRecipesOwnPackages() {
        BuildPlan plan = selfHosting.addTo(RECIPE).plan();

        assertThat(plan.packages()).containsExactly("less", "vim-tiny", "xz-utils", "default-jre-headless",
                "debootstrap", "e2fsprogs", "util-linux", "bash", "ca-certificates");
    }

    @Test
    void theJarAndThenTheLauncherAreInstalledAfterTheRecipesOwnPostInstallModules() {
        List<Module> modules = selfHosting.addTo(RECIPE).postModules();

        assertThat(modules).hasSize(3);
        assertThat(modules.get(0).name()).isEqualTo("clean-docs");
        assertThat(modules.get(1)).isEqualTo(new InstallFileModule(JAR, "/usr/share/realmfs-builder", 0644));
        assertThat(modules.get(2).name()).isEqualTo("install-realmfs-builder-launcher");
    }

    @Test
    void thePlanShowsWhereTheJarGoes() {
        assertThat(selfHosting.addTo(RECIPE).plan().steps(Stage.POST_INSTALL_MODULES))
                .filteredOn(step -> step.action() == PlannedStep.Action.INSTALL_FILE).singleElement()
                .satisfies(step -> {
                    assertThat(step.rootfsPaths()).map(RootfsPath::toString).containsExactly("/usr/share/realmfs-builder/realmfs-builder.jar");
                    assertThat(step.description()).startsWith("install " + JAR
                            + " as /usr/share/realmfs-builder/realmfs-builder.jar (0644");
                });
    }

    @Test
    void theLauncherModuleWritesTheDistributedLauncherLinksItIntoThePathAndChecksThatItStarts() throws IOException {
        ShellModule launcher = (ShellModule) selfHosting.addTo(RECIPE).postModules().get(2);

        assertThat(launcher.script()).isEqualTo("install -d -m 0755 /usr/share/realmfs-builder /usr/local/bin\n"
                + "cat > /usr/share/realmfs-builder/realmfs-builder <<'REALMFS_BUILDER_LAUNCHER_END'\n"
                + Files.readString(DISTRIBUTED_LAUNCHER)
                + "REALMFS_BUILDER_LAUNCHER_END\n"
                + "chmod 0755 /usr/share/realmfs-builder/realmfs-builder\n"
                + "ln -sfn /usr/share/realmfs-builder/realmfs-builder /usr/local/bin/realmfs-builder\n"
                + "# The image promises a builder that runs: fail the build now if it does not start.\n"
                + "/usr/local/bin/realmfs-builder --help > /dev/null\n");
    }

    @Test
    void everythingElseOfTheRecipeStaysAsItWas() {
        RealmfsBuild selfHosted = selfHosting.addTo(RECIPE);

        assertThat(selfHosted.release()).isEqualTo(RECIPE.release());
        assertThat(selfHosted.mirror()).isEqualTo(RECIPE.mirror());
        assertThat(selfHosted.basePackages()).isEqualTo(RECIPE.basePackages());
        assertThat(selfHosted.preModules()).isEqualTo(RECIPE.preModules());
        assertThat(selfHosted.hostname()).isEqualTo(RECIPE.hostname());
        assertThat(selfHosted.environment()).isEqualTo(RECIPE.environment());
        assertThat(selfHosted.shellPrelude()).isEqualTo(RECIPE.shellPrelude());
    }

    @Test
    void aJarWithAnotherNameIsRefusedBecauseTheLauncherLooksForRealmfsBuilderJar() {
        assertThatThrownBy(() -> SelfHosting.of(Path.of("/tmp/realmfs-builder-0.1.jar")))
                .isInstanceOf(UsageException.class)
                .hasMessage("Self-hosting installs /tmp/realmfs-builder-0.1.jar into the image as"
                        + " /usr/share/realmfs-builder/realmfs-builder.jar, where the launcher looks for it, so it"
                        + " must be named realmfs-builder.jar. Rename it (or install it with install.sh), or build"
                        + " with --no-self-hosting.");
    }

    @Test
    void aLauncherThatWouldEndItsHereDocumentEarlyIsRefused() {
        assertThatThrownBy(() -> new SelfHosting(JAR, "#!/bin/bash\nREALMFS_BUILDER_LAUNCHER_END\nrm -rf /\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REALMFS_BUILDER_LAUNCHER_END");
    }

    @Test
    void itDescribesItselfForTheConfirmation() {
        assertThat(selfHosting.describe())
                .isEqualTo("installs /opt/builder/realmfs-builder.jar as /usr/local/bin/realmfs-builder");
    }
}
