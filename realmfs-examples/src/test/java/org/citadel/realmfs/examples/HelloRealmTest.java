package org.citadel.realmfs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citadel.realmfs.testing.RealmfsAssertions.assertThat;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildPlan;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example recipe, read as data: no root, no network. */
class HelloRealmTest {
    @TempDir
    Path files;

    @Test
    void isTrixieWithAPagerAndAnEditor() {
        BuildPlan plan = HelloRealm.recipe(files).plan();

        assertThat(plan.release()).isEqualTo("trixie");
        assertThat(plan.packages()).containsExactly("less", "vim-tiny");
    }

    @Test
    void writesTheMotdBeforeThePackagesAndItsConfigAndEnabledUnitAfter() {
        BuildPlan plan = HelloRealm.recipe(files).plan();

        assertThat(plan.preInstallModules()).containsExactly("set-motd");
        assertThat(plan.postInstallModules())
                .containsExactly("write-config", "install-file /usr/lib/systemd/system/hello-realm.service", "enable-unit");
    }

    @Test
    void installsItsUnitBeforeEnablingIt() {
        assertThat(HelloRealm.recipe(files))
                .installsFile(HelloRealm.UNIT_DIRECTORY + "/" + HelloRealm.UNIT, 0644)
                .runsModuleBefore("install-file " + HelloRealm.UNIT_DIRECTORY + "/" + HelloRealm.UNIT, "enable-unit")
                .installsPackage("less").installsPackage("vim-tiny");
    }

    @Test
    void shipsTheUnitItInstalls() {
        HelloRealm.recipe(files);

        assertThat(files.resolve("hello-realm.service")).content().contains("ExecStart=/bin/cat " + HelloRealm.CONFIG_PATH);
    }

    @Test
    void producesADevSignedCompressedRealmfsImage() {
        RealmfsImageOutput image = (RealmfsImageOutput) BuildExample.options(files).build().outputs().get(0);

        assertThat(image.path().getFileName().toString()).isEqualTo("citadel-realmfs-dev-001.img");
        assertThat(image.compressed()).isTrue();
    }
}
