package org.citadel.realmfs.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citadel.realmfs.testing.RealmfsAssertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.RealmfsBuild;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan assertions: no root, nothing built. */
class RecipeAssertTest {
    @TempDir
    Path files;
    RealmfsBuild recipe;

    @BeforeEach
    void recipe() throws IOException {
        Path unit = Files.writeString(files.resolve("x.service"), "[Unit]\n");
        recipe = RealmfsBuild.builder().packages("less", "vim-tiny")
                .preModule("first", "true")
                .postModule("second", "true")
                .installFile(unit, "/usr/lib/systemd/system", 0644)
                .build();
    }

    @Test
    void passesOnWhatTheRecipeDoes() {
        assertThat(recipe).installsPackage("less").doesNotInstallPackage("emacs")
                .runsModule("second").runsModuleBefore("first", "second")
                .installsFile("/usr/lib/systemd/system/x.service")
                .installsFile("/usr/lib/systemd/system/x.service", 0644);
    }

    @Test
    void failsSayingWhatTheRecipeDoesInstead() {
        assertThatThrownBy(() -> assertThat(recipe).installsPackage("emacs"))
                .hasMessageContaining("Expected the recipe to install the package emacs, but it installs")
                .hasMessageContaining("less vim-tiny");
        assertThatThrownBy(() -> assertThat(recipe).doesNotInstallPackage("less"))
                .hasMessageContaining("not to install the package less, but it does");
        assertThatThrownBy(() -> assertThat(recipe).runsModuleBefore("second", "first"))
                .hasMessageContaining("Expected the module second to run before first, but the modules run in the order"
                        + " first, second, install-file /usr/lib/systemd/system/x.service");
        assertThatThrownBy(() -> assertThat(recipe).runsModule("third"))
                .hasMessageContaining("to run the module third, but its modules are first, second");
        assertThatThrownBy(() -> assertThat(recipe).installsFile("/etc/x.conf"))
                .hasMessageContaining("to install the file /etc/x.conf, but it installs /usr/lib/systemd/system/x.service");
        assertThatThrownBy(() -> assertThat(recipe).installsFile("/usr/lib/systemd/system/x.service", 0600))
                .hasMessageContaining("with mode 0600, but it installs it with 0644 from " + files.resolve("x.service"));
    }
}
