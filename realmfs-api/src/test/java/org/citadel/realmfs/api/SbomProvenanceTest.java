package org.citadel.realmfs.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SbomProvenanceTest {
    @Test
    void eachModuleHasTheKindItsClassSays() {
        RealmfsBuild recipe = RealmfsBuild.builder()
                .postModule("sh", "true")
                .postModule("java", ctx -> { })
                .installFile(Path.of("/nonexistent/x.conf"), "/etc", 0644)
                .build();

        assertThat(recipe.postModules()).extracting(m -> SbomProvenance.ModuleKind.of(m).label())
                .containsExactly("shell", "java", "install-file");
    }
}
