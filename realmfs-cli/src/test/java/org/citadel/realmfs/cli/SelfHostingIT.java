package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real self-hosting build through the command, then {@code realmfs-builder} run inside the built
 * tree. A small config keeps it short: no base packages or base modules but no-install-recommends,
 * so the image holds little more than what the builder needs.
 */
class SelfHostingIT {
    /** Built by the package phase, which runs before the integration tests. */
    private static final Path BUILDER_JAR = Path.of("target", SelfHosting.JAR_NAME).toAbsolutePath();
    private static final String BUILD_CONF = """
            BASE_PACKAGES=""
            BASE_PRE_INSTALL_MODULES="no-install-recommends"
            BASE_POST_INSTALL_MODULES=""
            """;

    @TempDir
    Path dir;

    @AfterEach
    void nothingIsLeftMounted() throws IOException {
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
                .noneMatch(line -> line.contains(dir.toString()));
    }

    @Test
    void theBuiltImageHoldsTheBuilderWhichRunsInsideIt() throws Exception {
        assertThat(BUILDER_JAR).as("the shaded jar; build it with 'mvn package'").isRegularFile();
        Files.writeString(dir.resolve("build.conf"), BUILD_CONF);

        // --no-tmpfs: the kept rootfs is a plain directory, not a tmpfs left mounted on the host.
        RealCommand.Run build = realmfsBuilder("--no-confirm", "--self-hosting", "--no-tmpfs");

        assertThat(build.exitCode()).as(build.transcript()).isZero();
        Path rootfs = dir.resolve("realmfs/rootfs");
        assertThat(modeOf(rootfs.resolve("usr/share/realmfs-builder/realmfs-builder.jar"))).isEqualTo("rw-r--r--");
        assertThat(Files.mismatch(rootfs.resolve("usr/share/realmfs-builder/realmfs-builder.jar"), BUILDER_JAR))
                .isEqualTo(-1);
        assertThat(modeOf(rootfs.resolve("usr/share/realmfs-builder/realmfs-builder"))).isEqualTo("rwxr-xr-x");
        assertThat(Files.readSymbolicLink(rootfs.resolve("usr/local/bin/realmfs-builder")))
                .isEqualTo(Path.of("/usr/share/realmfs-builder/realmfs-builder"));

        RealCommand.Run help = inChroot(rootfs, "realmfs-builder", "--help");

        assertThat(help.exitCode()).as(help.transcript()).isZero();
        assertThat(help.out()).startsWith("Usage: realmfs-builder ").contains("--[no-]self-hosting");
    }

    private RealCommand.Run realmfsBuilder(String... args) {
        return RealCommand.run(dir, () -> BUILDER_JAR, args);
    }

    /**
     * Runs a command chrooted into {@code rootfs} with the PATH a login shell has, as a user of the
     * realm would. It runs in its own mount and PID namespaces with a /proc of its own, which vanish
     * with it: nothing is mounted on the host.
     */
    private RealCommand.Run inChroot(Path rootfs, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork",
                "--mount-proc=" + rootfs.resolve("proc"), "chroot", rootfs.toString()));
        argv.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().put("HOME", "/root");
        builder.environment().put("LANG", "C.UTF-8");
        Path stderr = dir.resolve("chroot-stderr.txt");
        Process process = builder.redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exitCode = process.waitFor();
        return new RealCommand.Run(exitCode, out, Files.readString(stderr));
    }

    private static String modeOf(Path file) throws IOException {
        assertThat(file).isRegularFile();
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }
}
