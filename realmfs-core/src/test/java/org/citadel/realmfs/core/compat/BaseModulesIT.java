package org.citadel.realmfs.core.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.process.Spawner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the base modules leave in a real image built from a build.conf that only sets a host name and
 * a package proxy. Needs root, the engine and the host's Debian mirror.
 */
class BaseModulesIT {
    @TempDir
    static Path work;

    private static Path rootfs;
    private static final List<BuildEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void buildTheBaseImage() throws IOException {
        Path conf = Files.writeString(work.resolve("build.conf"), """
                REALMFS_HOSTNAME=realm-it
                REALMFS_APT_PROXY="http://10.0.2.2:3142"
                """);
        RealmfsBuild recipe = new ShellConfig(Spawner.host()).load(conf);

        BuildResult result = recipe.run(work.resolve("build"),
                BuildOptions.builder().useTmpfs(false).keepRootfs(true).listener(events::add).build());

        rootfs = result.rootfs().orElseThrow();
    }

    private static Path file(String path) {
        return rootfs.resolve(path.substring(1));
    }

    private static String read(String path) throws IOException {
        return Files.readString(file(path));
    }

    @Test
    void theUpgradeRunsOnceAPreInstallModuleHasChangedTheSources() {
        assertThat(events).noneSatisfy(event -> assertThat(event).isInstanceOfSatisfying(BuildEvent.Message.class,
                message -> assertThat(message.text()).startsWith("skipped apt-get upgrade")));
        assertThat(events).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(BuildEvent.CommandOutput.class,
                output -> assertThat(output.line()).contains("Calculating upgrade")));
    }

    @Test
    void setHostnameWritesTheConfigsHostName() throws IOException {
        assertThat(read("/etc/hostname")).isEqualTo("realm-it\n");
        assertThat(read("/etc/hosts")).contains("127.0.1.1\trealm-it");
    }

    @Test
    void writeAptSourcesNamesTheReleaseItsUpdatesAndItsSecuritySuiteOnly() throws IOException {
        String sources = read("/etc/apt/sources.list.d/debian.sources");

        assertThat(sources).contains("Suites: trixie trixie-updates\n", "Suites: trixie-security\n",
                "Components: main contrib non-free non-free-firmware\n");
        assertThat(sources).doesNotContain("sid", "unstable");
        assertThat(file("/etc/apt/sources.list")).doesNotExist();
    }

    @Test
    void createUserMakesUser1000WithPasswordlessSudo() throws IOException {
        assertThat(read("/etc/passwd")).containsPattern("(?m)^user:x:1000:1000:[^:]*:/home/user:/bin/bash$");
        assertThat(read("/etc/group")).containsPattern("(?m)^sudo:x:27:(.*,)?user(,.*)?$")
                .containsPattern("(?m)^audio:x:\\d+:(.*,)?user(,.*)?$")
                .containsPattern("(?m)^video:x:\\d+:(.*,)?user(,.*)?$");
        assertThat(read("/etc/sudoers.d/10-realm-user")).isEqualTo("user ALL=(ALL:ALL) NOPASSWD: ALL\n");
        assertThat(file("/home/user/.bashrc")).content().contains("export DISPLAY=:0");
    }

    @Test
    void configureLocaleMakesEnUsUtf8TheDefault() throws IOException {
        assertThat(read("/etc/locale.gen")).isEqualTo("en_US.UTF-8 UTF-8\n");
        assertThat(read("/etc/default/locale")).contains("LANG=en_US.UTF-8");
    }

    @Test
    void noInstallRecommendsConfiguresApt() throws IOException {
        assertThat(read("/etc/apt/apt.conf.d/90no-install-recommends")).contains("APT::Install-Recommends \"false\";");
    }

    @Test
    void installConfigureHost0InstallsAndEnablesTheService() {
        assertThat(file("/usr/libexec/configure-host0.sh")).isExecutable();
        assertThat(file("/usr/lib/systemd/system/configure-host0.service")).exists();
        assertThat(file("/etc/systemd/system/multi-user.target.wants/configure-host0.service")).isSymbolicLink();
    }

    @Test
    void installLaunchScriptInstallsTheLauncher() {
        assertThat(file("/usr/libexec/launch")).isExecutable();
    }

    @Test
    void loginctlEnableLingerLetsTheUsersServicesRunWithoutASession() {
        assertThat(file("/var/lib/systemd/linger/user")).exists();
    }

    @Test
    void configureSystemdConfiguresLogindAndMasksUselessUnits() throws IOException {
        assertThat(read("/etc/systemd/logind.conf.d/50-no-kill-user-processes.conf")).contains("KillUserProcesses=no");
        assertThat(file("/var/log/journal")).isDirectory();
        assertThat(Files.readSymbolicLink(file("/etc/systemd/system/apt-daily.timer"))).isEqualTo(Path.of("/dev/null"));
    }

    @Test
    void setupThemeSymlinksPointsIntoCitadelsSharedTree() throws IOException {
        assertThat(Files.readSymbolicLink(file("/usr/share/themes/Adapta"))).isEqualTo(Path.of("/opt/share/themes/Adapta"));
        assertThat(Files.readSymbolicLink(file("/usr/share/icons/Paper"))).isEqualTo(Path.of("/opt/share/icons/Paper"));
    }

    @Test
    void aptCacherNgServesAsRealmCacheAndTheProxyComesFromTheVariable() throws IOException {
        assertThat(file("/etc/systemd/system/multi-user.target.wants/realm-apt-cacher-ng.service")).isSymbolicLink();
        assertThat(file("/etc/systemd/system/multi-user.target.wants/apt-cacher-ng.service")).doesNotExist();
        assertThat(read("/etc/apt/apt.conf.d/000apt-cacher-ng-proxy"))
                .isEqualTo("Acquire::http::Proxy \"http://10.0.2.2:3142\";\n");
    }

    @Test
    void addXsettingsSchemaCompilesTheSchema() {
        assertThat(file("/usr/share/glib-2.0/schemas/org.gnome.settings-daemon.plugins.xsettings.gschema.xml")).exists();
        assertThat(file("/usr/share/glib-2.0/schemas/gschemas.compiled")).exists();
    }
}
