package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.ModuleFailedException;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real builds that fail: each says what failed, and leaves nothing mounted and no output behind. */
class BuildFailureIT {
    @TempDir
    Path work;

    @AfterEach
    void nothingOfTheBuildStaysMounted() {
        assertThat(ItSupport.hostMountsIn(work)).isEmpty();
    }

    @Test
    void aFailingModuleIsNamedWithItsExitCodeAndLastLines() {
        RealmfsBuild build = RealmfsBuild.builder()
                .preModule("fine", "echo all good")
                .preModule("breaks", "echo about to fail\necho 'details on stderr' >&2\nexit 3")
                .preModule("never-runs", "touch /never")
                .build();

        assertThatThrownBy(() -> build.run(work, ItSupport.options().output(Output.tar(work.resolve("x.tar"))).build()))
                .isInstanceOfSatisfying(ModuleFailedException.class, e -> {
                    assertThat(e.moduleName()).isEqualTo("breaks");
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.stage()).isEqualTo(Stage.PRE_INSTALL_MODULES);
                    assertThat(e.lastOutput()).contains("about to fail", "details on stderr");
                    assertThat(e.getMessage()).contains("'breaks'", "exit code 3", "details on stderr");
                });
        assertThat(work.resolve("x.tar")).doesNotExist();
        assertThat(ItSupport.read(work.resolve("realmfs-build.log"))).contains("about to fail", "build failed");
    }

    @Test
    void aPackageThatDoesNotExistIsNamed() {
        RealmfsBuild build = RealmfsBuild.builder().packages("less", "no-such-package-realmfs").build();

        assertThatThrownBy(() -> build.run(work, ItSupport.options().build()))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("no-such-package-realmfs")
                .hasMessageContaining("trixie");
    }

    @Test
    void anUnknownReleaseIsRejectedBeforeAnythingIsBuilt() {
        RealmfsBuild build = RealmfsBuild.builder().release("no-such-release").build();

        assertThatThrownBy(() -> build.run(work, ItSupport.options().build()))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("'no-such-release' is not served by");
        assertThat(work.resolve("rootfs")).doesNotExist();
    }

    @Test
    void anUnreachableMirrorIsReportedAsSuch() {
        RealmfsBuild build = RealmfsBuild.builder().mirror(URI.create("http://127.0.0.1:9/debian")).build();

        assertThatThrownBy(() -> build.run(work, ItSupport.options().build()))
                .isInstanceOf(HostRequirementException.class)
                .hasMessageContaining("http://127.0.0.1:9/debian is unreachable");
    }
}
