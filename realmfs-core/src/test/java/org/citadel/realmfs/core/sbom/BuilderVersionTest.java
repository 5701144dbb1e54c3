package org.citadel.realmfs.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuilderVersionTest {
    @Test
    void isTheProjectsVersionMavenWroteIntoTheResource() {
        assertThat(BuilderVersion.current()).matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
