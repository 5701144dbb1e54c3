package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.ModuleFailedException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code module NAME} in real builds of a build.conf, as the original builder's: it reaches files of
 * {@code realmfs-modules/} that no module list names, from config functions and from file modules,
 * and a config function overrides the built-in module of its name. A missing module is reported
 * with the host paths searched. The builds share a layer cache, so the second one starts from the
 * first one's bootstrap layer.
 */
class ModuleSearchIT {
    private static final String BUILD_CONF = """
            BASE_PACKAGES="less"
            BASE_PRE_INSTALL_MODULES="pre_step"
            BASE_POST_INSTALL_MODULES="post_step no-install-recommends"

            pre_step() { module from-pre; }
            post_step() { module outer; }

            # Overrides the built-in module of this name, in the list and for module NAME.
            no-install-recommends() { echo "the config's no-install-recommends" >> /etc/override-marker; }
            """;

    @TempDir
    static Path shared;
    private static Path config;
    private static Path rootfs;

    @BeforeAll
    static void buildFromAConfigWhoseModulesCallModulesByName() throws IOException {
        config = Files.createDirectories(shared.resolve("config"));
        Files.writeString(config.resolve("build.conf"), BUILD_CONF);
        Path modules = Files.createDirectories(config.resolve("realmfs-modules"));
        Files.writeString(modules.resolve("from-pre"), "echo 'from-pre, called by a pre-install function' > /etc/from-pre\n");
        Files.writeString(modules.resolve("outer"), """
                echo 'outer, called by a post-install function' > /etc/outer
                module inner
                module no-install-recommends
                """);
        Files.writeString(modules.resolve("inner"), "echo 'inner, called by the file module outer' > /etc/inner\n");

        rootfs = RealmfsBuild.fromShellConfig(config.resolve("build.conf"))
                .run(shared.resolve("work"), options().keepRootfs(true).build())
                .rootfs().orElseThrow();
    }

    private static BuildOptions.Builder options() {
        return ItSupport.options().useTmpfs(false).layerCacheDirectory(shared.resolve("layer-cache"));
    }

    @AfterEach
    void nothingOfTheBuildsStaysMounted() {
        assertThat(ItSupport.hostMountsIn(shared)).isEmpty();
    }

    @Test
    void aConfigFunctionAndAFileModuleReachFilesOfRealmfsModulesThatNoListNames() {
        assertThat(ItSupport.read(rootfs.resolve("etc/from-pre"))).isEqualTo("from-pre, called by a pre-install function\n");
        assertThat(ItSupport.read(rootfs.resolve("etc/outer"))).isEqualTo("outer, called by a post-install function\n");
        assertThat(ItSupport.read(rootfs.resolve("etc/inner"))).isEqualTo("inner, called by the file module outer\n");
    }

    @Test
    void aConfigFunctionOverridesTheBuiltinModuleOfItsNameInTheListAndForModuleName() {
        assertThat(ItSupport.read(rootfs.resolve("etc/override-marker")))
                .isEqualTo("the config's no-install-recommends\n".repeat(2));
        assertThat(rootfs.resolve("etc/apt/apt.conf.d/90no-install-recommends")).as("the built-in module's file")
                .doesNotExist();
    }

    @Test
    void aMissingModuleIsReportedWithTheHostPathsWhereModuleLooked() throws IOException {
        Path otherConfig = Files.createDirectories(shared.resolve("missing"));
        Files.createDirectories(otherConfig.resolve("realmfs-modules"));
        Files.writeString(otherConfig.resolve("build.conf"), """
                BASE_PACKAGES="less"
                BASE_PRE_INSTALL_MODULES="calls_missing"
                BASE_POST_INSTALL_MODULES=""
                calls_missing() { module no-such-module; }
                """);
        RealmfsBuild recipe = RealmfsBuild.fromShellConfig(otherConfig.resolve("build.conf"));

        assertThatThrownBy(() -> recipe.run(shared.resolve("work-missing"), options().build()))
                .isInstanceOfSatisfying(ModuleFailedException.class, e -> {
                    assertThat(e.stage()).isEqualTo(Stage.PRE_INSTALL_MODULES);
                    assertThat(e.moduleName()).isEqualTo("calls_missing");
                    assertThat(e.lastOutput()).contains("realmfs:fatal: module: 'no-such-module' is neither a function"
                            + " nor a shell module of the recipe, and none of these has a file of that name: "
                            + otherConfig.resolve("realmfs-modules") + ", the builder's built-in modules; define the"
                            + " function, put the file in a modules directory (a build.conf's realmfs-modules/), or"
                            + " correct the name");
                    assertThat(e.getMessage()).contains(otherConfig.resolve("realmfs-modules").toString())
                            .doesNotContain("/tmp/realmfs-build");
                });
    }
}
