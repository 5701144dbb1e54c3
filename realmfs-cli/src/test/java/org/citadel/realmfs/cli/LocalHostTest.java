package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalHostTest {

    @Test
    void itIsRootExactlyWhenTheJvmRunsAsTheUserNamedRoot() {
        assertThat(new LocalHost().isRoot()).isEqualTo("root".equals(System.getProperty("user.name")));
    }

    @Test
    void theCurrentDirectoryIsTheJvmsWorkingDirectoryUnlessGiven() {
        assertThat(new LocalHost().currentDirectory()).isEqualTo(Path.of(System.getProperty("user.dir")));
        assertThat(new LocalHost(Path.of("/srv/images")).currentDirectory()).isEqualTo(Path.of("/srv/images"));
    }
}
