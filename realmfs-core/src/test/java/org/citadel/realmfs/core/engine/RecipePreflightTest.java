package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipePreflightTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileToInstallFailsBeforeAnythingIsBuilt() {
        RealmfsBuild recipe = RealmfsBuild.builder().installFile(dir.resolve("missing.conf"), "/etc", 0644).build();

        assertThatThrownBy(() -> RecipePreflight.check(recipe))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining(dir.resolve("missing.conf") + " does not exist");
    }

    @Test
    void aMissingFilesDirectoryIsNamed() {
        RealmfsBuild recipe = RealmfsBuild.builder().filesDirectory(dir.resolve("realmfs-files")).build();

        assertThatThrownBy(() -> RecipePreflight.check(recipe))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("realmfs-files does not exist");
    }

    @Test
    void aMissingModulesDirectoryIsNamed() {
        RealmfsBuild recipe = RealmfsBuild.builder().modulesDirectory(dir.resolve("realmfs-modules")).build();

        assertThatThrownBy(() -> RecipePreflight.check(recipe))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("modules directory " + dir.resolve("realmfs-modules") + " does not exist");
    }

    @Test
    void presentFilesPass() throws IOException {
        Path file = Files.writeString(dir.resolve("x.conf"), "x");
        RealmfsBuild recipe = RealmfsBuild.builder().installFile(file, "/etc", 0644).filesDirectory(dir).build();

        assertThatCode(() -> RecipePreflight.check(recipe)).doesNotThrowAnyException();
    }
}
