package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.MountTable;
import org.citadel.realmfs.core.sandbox.HostProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault matrix for kills: real builds in one work directory, each JVM killed (SIGKILL) or
 * cancelled (SIGTERM, which its handler turns into a cancellation) in debootstrap, in the package
 * installation, in a module and while writing an output; each next build starts from what the last
 * one left, and the last two succeed. The layer cache makes the later builds cheap: each kill comes
 * at a stage the layers of the builds before it reach quickly.
 *
 * <p>After every kill: no mount in the work directory, none of the build's processes left, and no
 * rootfs that looks finished.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildKillIT {
    private static final List<String> SLEEPER = List.of("sleep", KilledBuild.SLEEP_SECONDS);

    private final Path work;
    private final Path rootfs;

    BuildKillIT() throws IOException {
        work = Files.createTempDirectory("realmfs-build-kill-it");
        rootfs = work.resolve("rootfs");
    }

    @AfterAll
    void removeTheWorkDirectory() {
        if (MountTable.ofProcess().isMountPoint(rootfs)) {
            Kernel.unmount(rootfs, 0);
        }
        org.citadel.realmfs.core.rootfs.TreeRemover.removeTree(work);
    }

    @Test
    @Order(1)
    void sigkillInDebootstrapLeavesNoMountNoProcessAndNoRootfs() throws Exception {
        ChildBuild build = ChildBuild.start(work);
        build.awaitLine(line -> line.startsWith("output BOOTSTRAP I: Extracting"));

        build.kill();

        assertNothingLeftRunningOrMounted(build);
        assertThat(rootfs).as("its tmpfs ended with the build").isEmptyDirectory();
        assertThat(work.resolve(IncompleteRootfsMarker.FILE_NAME)).exists();
    }

    @Test
    @Order(2)
    void sigtermInDebootstrapCancelsTheBuildWhichSaysSoInItsLog() throws Exception {
        ChildBuild build = ChildBuild.start(work);
        build.awaitLine(line -> line.startsWith("output BOOTSTRAP I: Extracting"));

        assertThat(build.terminate()).isEqualTo(143);

        assertThat(build.lines()).contains("message an earlier build in " + work + " did not finish; it left no rootfs",
                KilledBuild.CANCELLED + "BOOTSTRAP");
        assertThat(ItSupport.read(work.resolve("realmfs-build.log")))
                .containsOnlyOnce("interrupted during bootstrap the base system: cleaning up (SIGTERM)");
        assertNothingLeftRunningOrMounted(build);
        assertThat(rootfs).isEmptyDirectory();
    }

    @Test
    @Order(3)
    void sigkillInThePackageInstallation() throws Exception {
        ChildBuild build = ChildBuild.start(work);
        build.awaitLine(line -> line.startsWith("output INSTALL_PACKAGES "));

        build.kill();

        assertNothingLeftRunningOrMounted(build);
        assertThat(rootfs).isEmptyDirectory();
    }

    @Test
    @Order(4)
    void sigtermInThePackageInstallationKillsItsCommand() throws Exception {
        ChildBuild build = ChildBuild.start(work);
        build.awaitLine(line -> line.startsWith("output INSTALL_PACKAGES "));

        assertThat(build.terminate()).isEqualTo(143);

        assertThat(build.lines()).as("the bootstrap layer the last build stored is reused").contains("stage PREPARE_CHROOT")
                .doesNotContain("stage BOOTSTRAP")
                .contains(KilledBuild.CANCELLED + "INSTALL_PACKAGES");
        assertNothingLeftRunningOrMounted(build);
        assertThat(rootfs).isEmptyDirectory();
    }

    @Test
    @Order(5)
    void sigkillInAModuleKillsItsProcessesAndTheLogKeepsItsLastLine() throws Exception {
        ChildBuild build = ChildBuild.start(work, KilledBuild.SLEEPING_MODULE);
        build.awaitLine(line -> line.equals("output POST_INSTALL_MODULES " + KilledBuild.MARKER));
        assertThat(HostProcesses.awaitRunning(SLEEPER)).isEqualTo(1);
        assertThat(ItSupport.hostMountsIn(work)).as("the build's mounts are private while it runs").isEmpty();

        build.kill();

        assertThat(HostProcesses.awaitNoneRunning(SLEEPER)).isZero();
        assertNothingLeftRunningOrMounted(build);
        assertThat(rootfs).isEmptyDirectory();
        assertThat(Files.readAllLines(work.resolve("realmfs-build.log"))).last().isEqualTo(KilledBuild.MARKER);
    }

    @Test
    @Order(6)
    void sigtermInAModuleStopsItAndTheBuild() throws Exception {
        ChildBuild build = ChildBuild.start(work, KilledBuild.SLEEPING_MODULE);
        build.awaitLine(line -> line.equals("output POST_INSTALL_MODULES " + KilledBuild.MARKER));
        assertThat(HostProcesses.awaitRunning(SLEEPER)).isEqualTo(1);

        assertThat(build.terminate()).isEqualTo(143);

        assertThat(build.lines()).as("the package layer the last build stored is reused")
                .doesNotContain("stage INSTALL_PACKAGES")
                .contains(KilledBuild.CANCELLED + "POST_INSTALL_MODULES");
        assertThat(HostProcesses.awaitNoneRunning(SLEEPER)).isZero();
        assertNothingLeftRunningOrMounted(build);
        assertThat(rootfs).isEmptyDirectory();
    }

    @Test
    @Order(7)
    void sigkillWhileWritingAnOutputOnDiskLeavesAMarkedRootfsAndAPartialFile() throws Exception {
        ChildBuild build = ChildBuild.start(work, KilledBuild.ON_DISK, KilledBuild.EXT4);
        build.awaitLine(line -> line.startsWith("output WRITE_OUTPUTS "));

        build.kill();

        assertNothingLeftRunningOrMounted(build);
        // (the base of the image, made from the restored package layer, is written in the layer cache's ext4-bases)
        assertThat(partialFiles()).as("the ext4 image's and its SBOM's temporary files")
                .map(f -> f.getFileName().toString().replaceAll("\\.[0-9]+\\.partial$", ".N.partial"))
                .containsExactlyInAnyOrder(".realmfs.ext4.N.partial", ".realmfs.ext4.cdx.json.N.partial");
        assertThat(rootfs.resolve("etc/os-release")).exists();
        assertThat(work.resolve(IncompleteRootfsMarker.FILE_NAME)).exists();
        assertThat(work.resolve("realmfs.ext4")).doesNotExist();
    }

    @Test
    @Order(8)
    void sigtermWhileWritingAnOutputRemovesWhatTheKilledBuildLeftAndItsOwnRootfsAndPartialFile() throws Exception {
        ChildBuild build = ChildBuild.start(work, KilledBuild.ON_DISK, KilledBuild.EXT4);
        build.awaitLine(line -> line.startsWith("output WRITE_OUTPUTS "));

        assertThat(build.terminate()).isEqualTo(143);

        assertThat(build.lines()).contains(
                "message removed the incomplete rootfs " + rootfs + " of an earlier build that did not finish",
                KilledBuild.CANCELLED + "WRITE_OUTPUTS")
                .anyMatch(line -> line.matches("message removed 2 unfinished output files that killed builds left in "
                        + work + ": \\[.*\\]")
                        && line.matches(".*[\\[ ]\\.realmfs\\.ext4\\.[0-9]+\\.partial[,\\]].*")
                        && line.matches(".*[\\[ ]\\.realmfs\\.ext4\\.cdx\\.json\\.[0-9]+\\.partial[,\\]].*"));
        assertNothingLeftRunningOrMounted(build);
        assertThat(partialFiles()).isEmpty();
        assertThat(rootfs).as("a rootfs on disk that is not to be kept is removed, also when the build fails").doesNotExist();
        assertThat(work.resolve(IncompleteRootfsMarker.FILE_NAME)).doesNotExist();
        assertThat(work.resolve("realmfs.ext4")).doesNotExist();
    }

    @Test
    @Order(9)
    void thenABuildSucceedsAndKeepsItsCompleteRootfsOnTheHost() throws Exception {
        ChildBuild build = ChildBuild.start(work);

        assertThat(build.awaitExit()).as(String.join("\n", build.lines())).isZero();

        assertThat(build.lines()).contains(KilledBuild.SUCCEEDED);
        assertThat(ItSupport.hostMountsIn(work)).containsExactly(rootfs);
        assertThat(rootfs.resolve("etc/os-release")).exists();
        assertThat(rootfs.resolve("usr/sbin/policy-rc.d")).doesNotExist();
        assertThat(work.resolve(IncompleteRootfsMarker.FILE_NAME)).doesNotExist();
        assertThat(partialFiles()).isEmpty();
    }

    @Test
    @Order(10)
    void andABuildOnDiskWithAnOutputLeavesNoRootfs() throws Exception {
        ChildBuild build = ChildBuild.start(work, KilledBuild.ON_DISK, KilledBuild.EXT4);

        assertThat(build.awaitExit()).as(String.join("\n", build.lines())).isZero();

        assertThat(build.lines()).contains("message unmounted the rootfs tmpfs an earlier build kept on " + rootfs);
        assertThat(work.resolve("realmfs.ext4")).isNotEmptyFile();
        assertThat(rootfs).doesNotExist();
        assertThat(ItSupport.hostMountsIn(work)).isEmpty();
        assertThat(partialFiles()).isEmpty();
    }

    private void assertNothingLeftRunningOrMounted(ChildBuild build) throws InterruptedException {
        assertThat(build.awaitDescendantsGone()).as("processes of the build still running").isEmpty();
        assertThat(ItSupport.hostMountsIn(work)).isEmpty();
    }

    private List<Path> partialFiles() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
        }
    }

    /** A {@link KilledBuild} JVM, its output read as it comes. */
    private static final class ChildBuild {
        private static final String END = "\0end of output";

        private final Process jvm;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
        private final Thread reader;
        private List<ProcessHandle> descendants = List.of();

        private ChildBuild(Process jvm, Path output) {
            this.jvm = jvm;
            this.reader = new Thread(() -> follow(output), "output of " + jvm.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static ChildBuild start(Path work, String... flags) throws IOException {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                    "-cp", System.getProperty("java.class.path"), KilledBuild.class.getName(), work.toString()));
            command.addAll(List.of(flags));
            // a file, not a pipe: a pipe that a thread reads while the JVM sees the process end may
            // be closed under it before its last lines are read
            Path output = Files.createTempFile("realmfs-killed-build-", ".out");
            output.toFile().deleteOnExit();
            return new ChildBuild(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start(), output);
        }

        /** Reads the output file as it grows, line by line, until the build has ended and all is read. */
        private void follow(Path output) {
            try (java.io.Reader in = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder();
                char[] buffer = new char[8192];
                while (true) {
                    boolean ended = !jvm.isAlive();
                    int n = in.read(buffer);
                    if (n < 0) {
                        if (ended) {
                            break;
                        }
                        Thread.sleep(20);
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines.add(line.toString());
                            unread.add(line.toString());
                            line.setLength(0);
                        } else {
                            line.append(buffer[i]);
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                lines.add("(reading the output failed: " + e + ")");
            } finally {
                unread.add(END);
            }
        }

        /**
         * Waits (up to 10 minutes) for a line of the build's output that matches, failing if the
         * output ends first; notes the processes the build runs at that moment.
         */
        void awaitLine(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            String line;
            do {
                line = unread.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } while (line != null && !line.equals(END) && !wanted.test(line));
            assertThat(line).as("the build's output reached the line wanted:\n" + String.join("\n", lines))
                    .isNotNull().isNotEqualTo(END);
            descendants = jvm.descendants().toList();
        }

        void kill() throws InterruptedException {
            jvm.destroyForcibly();
            jvm.waitFor();
        }

        /** SIGTERM; returns the exit code. */
        int terminate() throws InterruptedException {
            jvm.destroy();
            return awaitExit();
        }

        int awaitExit() throws InterruptedException {
            if (!jvm.waitFor(10, TimeUnit.MINUTES)) {
                jvm.destroyForcibly();
                throw new AssertionError("the build did not end within 10 minutes:\n" + String.join("\n", lines));
            }
            reader.join(10_000);
            return jvm.exitValue();
        }

        /** Every line the build printed so far (all of them once it ended). */
        List<String> lines() {
            return List.copyOf(lines);
        }

        /** The processes the build ran when the awaited line came that still run after up to 10 s. */
        List<ProcessHandle> awaitDescendantsGone() throws InterruptedException {
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<ProcessHandle> alive = descendants.stream().filter(ProcessHandle::isAlive).toList();
            while (!alive.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                alive = alive.stream().filter(ProcessHandle::isAlive).toList();
            }
            return alive;
        }
    }
}
