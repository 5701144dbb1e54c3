package org.citadel.realmfs.core.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finishing a plain directory as the rootfs (the unmounting that comes first is what every build IT
 * checks): what it removes, what it leaves, and the host name it writes.
 */
class FinishRootfsStageTest {
    @TempDir
    Path base;
    Path rootfs;
    Path buildHostHostname;
    RootfsFiles files;
    BuildOnlyFiles buildOnlyFiles;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectories(base.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("usr/sbin"));
        Files.createDirectories(rootfs.resolve("var/cache/apt"));
        buildHostHostname = Files.writeString(base.resolve("build-host-hostname"), "build-host\n");
        files = new RootfsFiles(rootfs);
        buildOnlyFiles = new BuildOnlyFiles(files);
    }

    @Test
    void removesTheBuildOnlyFilesAndAptsBinaryCachesButKeepsTheImagesOwnFiles() throws IOException {
        buildOnlyFiles.write("/usr/sbin/policy-rc.d", "exit 101\n", 0755);
        Files.writeString(rootfs.resolve("var/cache/apt/pkgcache.bin"), "cache");
        Files.writeString(rootfs.resolve("var/cache/apt/srcpkgcache.bin"), "cache");
        Files.writeString(rootfs.resolve("etc/resolv.conf"), "nameserver 192.0.2.1\n");
        Files.writeString(rootfs.resolve("etc/motd"), "hello\n");

        finish(Optional.empty());

        assertThat(rootfs.resolve("usr/sbin/policy-rc.d")).doesNotExist();
        assertThat(rootfs.resolve("var/cache/apt/pkgcache.bin")).doesNotExist();
        assertThat(rootfs.resolve("var/cache/apt/srcpkgcache.bin")).doesNotExist();
        assertThat(rootfs.resolve("etc/resolv.conf")).doesNotExist();
        assertThat(rootfs.resolve("etc/motd")).hasContent("hello");
        assertThat(buildOnlyFiles.files()).isEmpty();
    }

    @Test
    void aSymlinkWhereAnAptCacheOrTheResolverConfigurationWasStaysAndItsTargetIsUntouched() throws IOException {
        Path canary = Files.writeString(base.resolve("canary"), "host file\n");
        Files.createSymbolicLink(rootfs.resolve("var/cache/apt/pkgcache.bin"), canary);
        Files.createSymbolicLink(rootfs.resolve("etc/resolv.conf"), Path.of("/run/systemd/resolve/stub-resolv.conf"));

        finish(Optional.empty());

        assertThat(Files.isSymbolicLink(rootfs.resolve("var/cache/apt/pkgcache.bin"))).isTrue();
        assertThat(Files.isSymbolicLink(rootfs.resolve("etc/resolv.conf"))).isTrue();
        assertThat(canary).hasContent("host file");
    }

    @Test
    void theRecipesHostNameReplacesWhateverIsThere() throws IOException {
        Files.writeString(rootfs.resolve("etc/hostname"), "image-own\n");

        finish(Optional.of("realm"));

        assertThat(rootfs.resolve("etc/hostname")).hasContent("realm");
        assertThat(rootfs.resolve("etc/hosts")).content().contains("127.0.0.1\tlocalhost\n127.0.1.1\trealm\n");
    }

    @Test
    void withoutOneTheBuildHostsNameDebootstrapCopiedBecomesLocalhost() throws IOException {
        Files.writeString(rootfs.resolve("etc/hostname"), "build-host\n");

        finish(Optional.empty());

        assertThat(rootfs.resolve("etc/hostname")).hasContent("localhost");
        assertThat(rootfs.resolve("etc/hosts")).content().contains("127.0.1.1\tlocalhost\n");
    }

    @Test
    void withoutOneAMissingHostNameBecomesLocalhostAndANameAModuleWroteStays() throws IOException {
        finish(Optional.empty());
        assertThat(rootfs.resolve("etc/hostname")).hasContent("localhost");

        Files.writeString(rootfs.resolve("etc/hostname"), "from-a-module\n");
        finish(Optional.empty());
        assertThat(rootfs.resolve("etc/hostname")).hasContent("from-a-module");
    }

    @Test
    void anExistingHostsFileIsKept() throws IOException {
        Files.writeString(rootfs.resolve("etc/hosts"), "127.0.0.1 localhost own\n");

        finish(Optional.of("realm"));

        assertThat(rootfs.resolve("etc/hosts")).hasContent("127.0.0.1 localhost own");
    }

    private void finish(Optional<String> recipeHostname) {
        new FinishRootfsStage().finish(files, buildOnlyFiles, recipeHostname, buildHostHostname);
    }
}
