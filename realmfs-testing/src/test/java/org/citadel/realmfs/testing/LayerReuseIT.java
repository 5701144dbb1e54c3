package org.citadel.realmfs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citadel.realmfs.testing.RealmfsAssertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The extension's shared caches: a test whose recipe differs from the one before only in a
 * post-install module restores the package layer; each test's work directory is gone after it.
 */
@RealmfsTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LayerReuseIT {
    static Path firstWorkDirectory;

    @Test
    @Order(1)
    void aFirstTestBuildsTheRecipe(RealmfsTestBuilds builds) {
        TestBuild build = builds.build(TestRecipes.base().postModule("greet", "echo one > /etc/greeting").build());
        firstWorkDirectory = build.workDirectory();

        assertThat(build).file("/etc/greeting").hasContent("one\n");
        assertThat(build.workDirectory()).startsWith(builds.caches().directory());
    }

    @Test
    @Order(2)
    void theNextTestWithAnotherPostInstallModuleRestoresThePackageLayer(RealmfsTestBuilds builds) {
        TestBuild build = builds.build(TestRecipes.base().postModule("greet", "echo two > /etc/greeting").build());

        assertThat(build).restoredPackageLayer().file("/etc/greeting").hasContent("two\n");
        assertThat(build.skippedStages()).containsExactly(Stage.BOOTSTRAP, Stage.PRE_INSTALL_MODULES,
                Stage.INSTALL_PACKAGES);
        assertThat(firstWorkDirectory).as("the first test's work directory, removed after it").doesNotExist();
    }

    @Test
    @Order(3)
    void aBuildThatCannotUseThePackageLayerFailsTheAssertionWhichSaysWhy(RealmfsTestBuilds builds) {
        // A pre-install Java module without a cache key ends the layer chain: no package layer, on any run.
        TestBuild build = builds.build(TestRecipes.base().preModule("uncached", context -> { })
                .postModule("greet", "echo three > /etc/greeting").build());

        assertThatThrownBy(() -> assertThat(build).restoredPackageLayer())
                .hasMessageContaining("to restore the package layer, but it skipped only [BOOTSTRAP]")
                .hasMessageContaining("the cache said: ");
        assertThat(Files.isDirectory(build.rootfsDirectory())).isTrue();
    }
}
