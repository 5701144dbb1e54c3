package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.rootfs.RootfsPathException;
import org.citadel.realmfs.core.sandbox.HostProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules run as root in the rootfs and replace what the engine touches afterwards with symlinks to
 * host canaries (absolute links, and relative ones that climb out with {@code ..} on the host). No
 * canary may change, and none may gain a file; the symlinks end up in the image as symlinks (or the
 * engine removes or replaces the name, never what it points to); a symlink where the build must
 * mount fails the build, naming the path. Two builds: the second restores the cached layer the
 * hostile pre-install module shaped.
 */
class ConfinementIT {
    private static final String DAEMON = "sleep 0.5; while :; do : > /var/zz-daemon/alive-$(date +%s%N); sleep 0.05; done";

    @TempDir
    Path work;
    @TempDir
    Path host;

    @Test
    void symlinksModulesPlantNeverLeadTheEngineOntoTheHost() throws Exception {
        Path canaries = Files.createDirectories(host.resolve("canaries"));
        Path aptCache = Files.createDirectories(canaries.resolve("apt-cache"));
        Files.writeString(aptCache.resolve("pkgcache.bin"), "host pkgcache\n");
        Files.writeString(aptCache.resolve("srcpkgcache.bin"), "host srcpkgcache\n");
        Path dpkgConfig = Files.createDirectories(canaries.resolve("dpkg.cfg.d"));
        Files.writeString(dpkgConfig.resolve("realmfs-build"), "host dpkg setting\n");
        Path sys = Files.createDirectories(canaries.resolve("sys"));
        Files.writeString(sys.resolve("kernel"), "host sys\n");
        Path file = Files.writeString(canaries.resolve("file"), "host file\n");
        Path aptConf = Files.writeString(canaries.resolve("99realmfs-build"), "host apt setting\n");
        // a file created in a canary directory, even for a moment, changes its modification time
        try (Stream<Path> tree = Files.walk(canaries)) {
            for (Path path : tree.toList()) {
                Files.setLastModifiedTime(path, FileTime.fromMillis(1_000_000));
            }
        }
        Map<String, String> before = snapshot(canaries);

        RealmfsBuild recipe = RealmfsBuild.builder()
                .hostname("confined")
                // stored in the packages layer, so the second build's chroot setup meets them too
                .preModule("hostile-pre", String.join("\n",
                        "umount /sys && rmdir /sys && ln -s " + sys + " /sys",
                        "ln -sfn " + file + " /usr/sbin/policy-rc.d",
                        "ln -sfn " + climbing(aptConf) + " /etc/apt/apt.conf.d/99realmfs-build"))
                .postModule("hostile-post", String.join("\n",
                        "mv /var/cache/apt /var/cache/apt.moved && ln -s " + aptCache + " /var/cache/apt",
                        "umount /etc/resolv.conf && ln -sfn " + file + " /etc/resolv.conf",
                        "ln -sfn " + file + " /etc/hostname",
                        "ln -sfn " + climbing(file) + " /etc/hosts",
                        "rm -rf /etc/dpkg/dpkg.cfg.d && ln -s " + climbing(dpkgConfig) + " /etc/dpkg/dpkg.cfg.d",
                        // a daemon that would write into the tree while it is finished and packed
                        "mkdir /var/zz-daemon",
                        "setsid sh -c '" + DAEMON + "' < /dev/null > /dev/null 2>&1 &"))
                .build();
        Path tar = work.resolve("image.tar");
        BuildOptions options = ItSupport.options().output(Output.tar(tar)).build();

        recipe.run(work, options);

        assertThat(snapshot(canaries)).isEqualTo(before);
        assertThat(ItSupport.hostMountsIn(work)).isEmpty();
        Map<String, TarArchiveEntry> image = entries(tar);
        assertThat(image.get("./sys").isSymbolicLink()).isTrue();
        assertThat(image.get("./sys").getLinkName()).isEqualTo(sys.toString());
        assertThat(image.get("./var/cache/apt").getLinkName()).isEqualTo(aptCache.toString());
        assertThat(image.get("./etc/resolv.conf").getLinkName()).isEqualTo(file.toString());
        assertThat(image.get("./etc/hosts").getLinkName()).isEqualTo(climbing(file));
        assertThat(image.get("./etc/dpkg/dpkg.cfg.d").getLinkName()).isEqualTo(climbing(dpkgConfig));
        // the recipe's host name is the engine's to write: the name is replaced, its target untouched
        assertThat(image.get("./etc/hostname").isFile()).isTrue();
        // build-only names are removed, whatever a module put there
        assertThat(image).doesNotContainKeys("./usr/sbin/policy-rc.d", "./etc/apt/apt.conf.d/99realmfs-build");
        assertThat(image.keySet()).filteredOn(name -> name.startsWith("./var/zz-daemon/")).isEmpty();
        assertThat(HostProcesses.awaitNoneRunning(List.of("sh", "-c", DAEMON))).isZero();

        // the second build restores the packages layer: /sys there is the pre-install module's symlink
        assertThatThrownBy(() -> recipe.run(work, options))
                .isInstanceOf(RootfsPathException.class)
                .hasMessageContaining("/sys in the rootfs " + work.resolve("rootfs") + " is a symlink to " + sys);
        assertThat(snapshot(canaries)).isEqualTo(before);
        assertThat(ItSupport.hostMountsIn(work)).isEmpty();
        assertThat(ItSupport.read(work.resolve("realmfs-build.log"))).contains("reused the package layer");
    }

    /** A relative symlink target that, followed on the host from anywhere in the rootfs, reaches {@code target}. */
    private static String climbing(Path target) {
        return "../".repeat(24) + target.toString().substring(1);
    }

    /** Every file and directory under {@code directory} with its content, to compare byte for byte. */
    private static Map<String, String> snapshot(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.toList()) {
                files.put(directory.relativize(path).toString(), (Files.isDirectory(path) ? "directory"
                        : new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1))
                        + " mode " + Files.getAttribute(path, "unix:mode") + " mtime " + Files.getLastModifiedTime(path));
            }
        }
        return files;
    }

    private static Map<String, TarArchiveEntry> entries(Path tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new TreeMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
             TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
                entries.put(entry.getName().endsWith("/") ? entry.getName().substring(0, entry.getName().length() - 1)
                        : entry.getName(), entry);
            }
        }
        return entries;
    }
}
