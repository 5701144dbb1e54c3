package org.citadel.realmfs.core.host;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.HostRequirementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostToolsTest {

    @Test
    void a_missing_tool_names_the_package_to_install(@TempDir Path emptyDir) {
        HostTools tools = new HostTools(List.of(emptyDir));

        assertThatThrownBy(() -> tools.require("xz", "xz-utils", "compress the RealmFS image"))
                .isInstanceOf(HostRequirementException.class)
                .hasMessageContaining("'xz'").hasMessageContaining("xz-utils");
    }
}
