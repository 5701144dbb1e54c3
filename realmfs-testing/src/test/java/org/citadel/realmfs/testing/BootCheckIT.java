package org.citadel.realmfs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citadel.realmfs.testing.RealmfsAssertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import org.citadel.realmfs.testing.boot.BootReport;
import org.citadel.realmfs.testing.tree.RootfsTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot check: a rootfs with a unit that succeeds boots; one whose unit fails does not, and is named. */
@RealmfsTest
class BootCheckIT {
    @TempDir
    Path files;

    @Test
    void aRootfsWhoseUnitsSucceedBootsAndIsNotChanged(RealmfsTestBuilds builds) throws IOException {
        TestBuild build = builds.build(TestRecipes.base()
                .installFile(TestRecipes.unit(files, "realmfs-ok.service", "/bin/sh -c 'echo ok > /run/ok'"),
                        "/usr/lib/systemd/system", 0644)
                .postModule("enable", "systemctl enable realmfs-ok.service")
                .build());
        Map<String, String> before = snapshot(build);

        assertThat(build).boots();

        BootReport report = assertThat(build).bootReport(Duration.ofSeconds(60));
        assertThat(report.state()).isIn("running", "degraded");
        assertThat(report.journal()).isNotEmpty();
        assertThat(snapshot(build)).as("the rootfs after booting").isEqualTo(before);
    }

    @Test
    void aRootfsWithAFailingUnitDoesNotPassAndTheUnitIsNamed(RealmfsTestBuilds builds) {
        TestBuild build = builds.build(TestRecipes.base()
                .installFile(TestRecipes.unit(files, "realmfs-broken.service", "/bin/false"),
                        "/usr/lib/systemd/system", 0644)
                .postModule("enable", "systemctl enable realmfs-broken.service")
                .build());

        assertThatThrownBy(() -> assertThat(build).boots())
                .hasMessageContaining("to boot, but it reached 'degraded'")
                .hasMessageContaining("failed units: realmfs-broken.service")
                .hasMessageContaining("last journal lines:");
    }

    /** Every entry of the kept rootfs with its metadata and, for /etc and /var files, content length. */
    private static Map<String, String> snapshot(TestBuild build) {
        try (RootfsTree tree = RootfsTree.open(build.rootfsDirectory())) {
            Map<String, String> entries = new java.util.TreeMap<>();
            tree.entries().forEach(e -> entries.put(e.path(), e.toString()));
            return entries;
        }
    }
}
