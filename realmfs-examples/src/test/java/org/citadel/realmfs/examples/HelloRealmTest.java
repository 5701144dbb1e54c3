package org.citadel.realmfs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citadel.realmfs.testing.RealmfsAssertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.BuildPlan;
import org.citadel.realmfs.api.CommandResult;
import org.citadel.realmfs.api.FileMode;
import org.citadel.realmfs.api.InstallFileModule;
import org.citadel.realmfs.api.JavaModule;
import org.citadel.realmfs.api.ModuleContext;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.api.RootfsPath;
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

        assertThat(plan.preModules()).containsExactly("set-motd");
        assertThat(plan.postModules())
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
    void installsItsUnitWorldReadableIntoSystemdsUnitDirectory() {
        InstallFileModule unit = (InstallFileModule) HelloRealm.recipe(files).postModules().get(1);

        assertThat(unit.source()).isEqualTo(files.resolve("hello-realm.service"));
        assertThat(unit.targetPath()).isEqualTo(RootfsPath.of("/usr/lib/systemd/system/hello-realm.service"));
        assertThat(unit.mode()).isEqualTo(FileMode.of(0644));
    }

    @Test
    void itsJavaModuleWritesTheConfigWithTheRecipesRelease() throws Exception {
        RealmfsBuild recipe = HelloRealm.recipe(files);
        List<String> written = new ArrayList<>();

        ((JavaModule) recipe.postModules().get(0)).step().run(new WritesRecorded(recipe, written));

        assertThat(written).containsExactly("/etc/hello-realm/hello.conf 0644 greeting=hello\nrelease=trixie\n");
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

    /** A context that only records what is written. */
    private record WritesRecorded(RealmfsBuild recipe, List<String> written) implements ModuleContext {
        @Override
        public void writeFile(RootfsPath path, byte[] content, FileMode mode) {
            written.add(path + " " + mode + " " + new String(content, StandardCharsets.UTF_8));
        }

        @Override
        public CommandResult run(List<String> command) {
            throw new AssertionError("runs no command: " + command);
        }

        @Override
        public CommandResult shell(String script) {
            throw new AssertionError("runs no shell: " + script);
        }

        @Override
        public void installFile(Path hostFile, RootfsPath targetDirectory, FileMode mode) {
            throw new AssertionError("installs no file itself");
        }

        @Override
        public byte[] readFile(RootfsPath path) {
            throw new AssertionError("reads nothing");
        }

        @Override
        public boolean exists(RootfsPath path) {
            throw new AssertionError("checks nothing");
        }

        @Override
        public void info(String message) {
        }
    }
}
