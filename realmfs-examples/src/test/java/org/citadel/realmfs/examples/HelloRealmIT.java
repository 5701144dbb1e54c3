package org.citadel.realmfs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citadel.realmfs.testing.RealmfsAssertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.testing.RealmfsTest;
import org.citadel.realmfs.testing.RealmfsTestBuilds;
import org.citadel.realmfs.testing.TestBuild;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The example, built for real into the RealmFS image the README's command writes, and booted. */
@RealmfsTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelloRealmIT {
    TestBuild build;

    @BeforeAll
    void build(RealmfsTestBuilds builds, @TempDir Path files) {
        build = builds.build(HelloRealm.recipe(files), (options, work) -> options.output(Output.realmfsImage(work)));
    }

    @Test
    void greetsWithTheMotd() {
        assertThat(build).file("/etc/motd").hasContent(HelloRealm.MOTD).hasMode(0644).isOwnedBy(0, 0);
    }

    @Test
    void hasItsConfigurationForTheRelease() {
        assertThat(build).file(HelloRealm.CONFIG_PATH).hasContent("greeting=hello\nrelease=trixie\n").hasMode(0644);
    }

    @Test
    void installsItsUnitAndEnablesIt() {
        assertThat(build).file(HelloRealm.UNIT_DIRECTORY + "/" + HelloRealm.UNIT).hasMode(0644)
                .contains("ExecStart=/bin/cat " + HelloRealm.CONFIG_PATH);
        assertThat(build).unit(HelloRealm.UNIT).isEnabled();
    }

    @Test
    void hasAPagerAndAnEditorAndNothingBigger() {
        assertThat(build).hasPackage("less").hasPackage("vim-tiny").hasPackage("systemd-sysv")
                .doesNotHavePackage("vim").doesNotHavePackage("nano");
    }

    @Test
    void isADevImageSignedWithCitadelsDevelopmentKeyThatCitadelAccepts() {
        assertThat(build.output("realmfs")).hasValue(build.workDirectory().resolve("citadel-realmfs-dev-001.img"));
        assertThat(build.workDirectory().resolve("verity-hash-base-001")).isRegularFile();
        assertThat(build).realmfsImage().isValid().isSignedByDevelopmentKey().hasVerifiedVerityRoot()
                .hasName("base").hasChannel("dev").hasVersion(1);
    }

    @Test
    void theImageHoldsTheRootfsThatWasBuilt() {
        assertThat(build).realmfsImage().rootfs().file("/etc/motd").hasContent(HelloRealm.MOTD);
    }

    @Test
    void bootsWithEveryUnitUpTheExamplesIncluded() {
        assertThat(build).boots();
    }

    @Test
    void leavesOnlyTheKeptRootfsMounted() throws IOException {
        List<String> mountsInWork = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ")[4])
                .filter(mountPoint -> mountPoint.startsWith(build.workDirectory().toString()))
                .toList();

        assertThat(mountsInWork).containsExactly(build.rootfsDirectory().toString());
    }
}
