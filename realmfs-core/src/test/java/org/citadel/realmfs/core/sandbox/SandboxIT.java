package org.citadel.realmfs.core.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.core.linux.MountTable;
import org.citadel.realmfs.core.process.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxIT {
    @TempDir
    Path temp;

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    private Path directory(String name) throws IOException {
        return Files.createDirectories(temp.resolve(name));
    }

    private static boolean hostHasMountAt(Path path) {
        return MountTable.ofProcess().isMountPoint(path);
    }

    @Test
    void aTmpfsMountedInTheSandboxIsSeenOnlyThereAndIsGoneAfterClose() throws IOException {
        Path target = directory("rootfs");
        try (Sandbox sandbox = Sandbox.open("it")) {
            boolean seenInside = sandbox.call(() -> {
                sandbox.mounts().tmpfs(target, Optional.of("16M"));
                return MountTable.ofCallingThread().isMountPoint(target);
            });

            assertThat(seenInside).isTrue();
            assertThat(hostHasMountAt(target)).isFalse();
        }
        assertThat(hostHasMountAt(target)).isFalse();
    }

    @Test
    void anExceptionOfTheBodyIsRethrownUnchangedAndTheMountsAreReleasedAtClose() throws IOException {
        Path target = directory("rootfs");
        IllegalStateException thrown = new IllegalStateException("boom");
        Sandbox sandbox = Sandbox.open("it");
        try (sandbox) {
            assertThatThrownBy(() -> sandbox.run(() -> {
                sandbox.mounts().tmpfs(target, Optional.empty());
                throw thrown;
            })).isSameAs(thrown);
            assertThat(sandbox.call(() -> sandbox.mounts().active())).hasSize(1);
        }
        assertThat(hostHasMountAt(target)).isFalse();
    }

    @Test
    void aProcessRenamingItsHostRenamesOnlyTheSandboxsHostAndSeesItsOwnIpcNamespace() throws IOException {
        String hostName = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        String hostIpc = Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")).toString();
        try (Sandbox sandbox = Sandbox.open("it", "image-host", warning -> { })) {
            sandbox.run(() -> sandbox.spawner().run(Command.host("sh", "-c",
                    "hostname; hostname realmfs-canary; hostname; readlink /proc/self/ns/ipc"), lines::add));
        }

        assertThat(lines.subList(0, 2)).containsExactly("image-host", "realmfs-canary");
        assertThat(lines.get(2)).startsWith("ipc:").isNotEqualTo(hostIpc);
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).isEqualTo(hostName);
    }

    @Test
    void aCheckedExceptionOfTheBodyComesBackWrapped() {
        IOException thrown = new IOException("disk on fire");
        try (Sandbox sandbox = Sandbox.open("it")) {
            assertThatThrownBy(() -> sandbox.call(() -> {
                throw thrown;
            })).isInstanceOf(RealmfsException.class).hasCause(thrown);
        }
    }

    @Test
    void mountsCanOnlyBeUsedOnTheSandboxThread() throws IOException {
        Path target = directory("rootfs");
        try (Sandbox sandbox = Sandbox.open("it")) {
            assertThatThrownBy(() -> sandbox.mounts().tmpfs(target, Optional.empty()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Sandbox.call");
        }
    }

    @Test
    void unmountingAMountAlsoUnmountsWhatIsMountedBelowIt() throws IOException {
        Path outer = directory("outer");
        try (Sandbox sandbox = Sandbox.open("it")) {
            List<Boolean> mounted = sandbox.call(() -> {
                Mount mount = sandbox.mounts().tmpfs(outer, Optional.empty());
                Path inner = Files.createDirectories(outer.resolve("inner"));
                sandbox.mounts().tmpfs(inner, Optional.empty());
                sandbox.mounts().unmount(mount);
                MountTable table = MountTable.ofCallingThread();
                return List.of(table.isMountPoint(outer), table.isMountPoint(inner), sandbox.mounts().active().isEmpty());
            });

            assertThat(mounted).containsExactly(false, false, true);
        }
    }

    @Test
    void aFailedMountSaysWhatWasMountedWhereAndWhy() {
        Path missing = temp.resolve("does-not-exist");
        try (Sandbox sandbox = Sandbox.open("it")) {
            assertThatThrownBy(() -> sandbox.run(() -> sandbox.mounts().tmpfs(missing, Optional.empty())))
                    .hasMessage("mount tmpfs (tmpfs) on " + missing + " failed: ENOENT (No such file or directory)");
        }
    }

    @Test
    void aReadOnlyBindCannotBeWrittenThrough() throws IOException {
        Path source = directory("source");
        Path target = directory("target");
        try (Sandbox sandbox = Sandbox.open("it")) {
            assertThatThrownBy(() -> sandbox.run(() -> {
                sandbox.mounts().bind(source, target, true);
                try {
                    Files.writeString(target.resolve("file"), "x");
                } catch (IOException e) {
                    throw new RealmfsException(e.getMessage(), e);
                }
            })).hasMessageContaining("Read-only file system");
        }
        assertThat(source).isEmptyDirectory();
    }

    @Test
    void spawnedProcessesShareTheSandboxsMountsAndRunInTheBuildsPidNamespace() throws IOException {
        Path target = directory("rootfs");
        String hostPidNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        try (Sandbox sandbox = Sandbox.open("it")) {
            String written = sandbox.call(() -> {
                sandbox.mounts().tmpfs(target, Optional.empty());
                sandbox.spawner().run(Command.host("sh", "-c", "echo from-a-child > " + target + "/file; readlink /proc/self/ns/pid"), lines::add);
                return Files.readString(target.resolve("file"));
            });

            assertThat(written).isEqualTo("from-a-child\n");
            assertThat(lines).singleElement().asString().startsWith("pid:[").isNotEqualTo(hostPidNamespace);
        }
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void closingKillsProcessesStillRunningAndTheDaemonsTheyStarted() throws IOException, InterruptedException {
        List<String> child = List.of("sleep", "1000.001");
        List<String> daemon = List.of("sleep", "1000.002");
        try (Sandbox sandbox = Sandbox.open("it")) {
            sandbox.run(() -> {
                sandbox.spawner().spawn(Command.host(child), lines::add);
                // its parent exits at once, it lives on (reparented to the build's reaper)
                sandbox.spawner().run(Command.host("sh", "-c", "setsid " + String.join(" ", daemon) + " &"), lines::add);
            });
            assertThat(HostProcesses.awaitRunning(child)).isEqualTo(1);
            assertThat(HostProcesses.awaitRunning(daemon)).isEqualTo(1);
        }

        assertThat(HostProcesses.countRunning(child)).isZero();
        assertThat(HostProcesses.countRunning(daemon)).isZero();
    }

    @Test
    void endingTheBuildsProcessesKillsDaemonsAtOnceAndLaterSpawnsGoToAFreshPidNamespace() throws Exception {
        List<String> daemon = List.of("sleep", "1000.003");
        try (Sandbox sandbox = Sandbox.open("it")) {
            sandbox.run(() -> sandbox.spawner().run(Command.host("sh", "-c", "setsid " + String.join(" ", daemon) + " &"), lines::add));
            assertThat(HostProcesses.awaitRunning(daemon)).isEqualTo(1);
            sandbox.run(() -> sandbox.spawner().run(Command.host("readlink", "/proc/self/ns/pid"), lines::add));

            sandbox.run(sandbox::endBuildProcesses);

            assertThat(HostProcesses.countRunning(daemon)).isZero(); // ended before it returned
            sandbox.run(() -> sandbox.spawner().run(Command.host("readlink", "/proc/self/ns/pid"), lines::add));
            assertThat(lines).hasSize(2).doesNotHaveDuplicates().allMatch(line -> line.startsWith("pid:["));
        }
    }

    @Test
    void aCloneOfTheSandboxsTmpfsAttachedOnTheHostOutlivesTheSandboxWithWhatTheBuildWrote() throws IOException {
        Path rootfs = directory("kept-rootfs");
        try (Sandbox sandbox = Sandbox.open("it");
             DetachedMount clone = sandbox.call(() -> {
                 sandbox.mounts().tmpfs(rootfs, Optional.of("16M"));
                 sandbox.spawner().run(Command.host("sh", "-c", "echo built > " + rootfs + "/result"), lines::add);
                 return sandbox.mounts().detachedClone(rootfs);
             })) {
            sandbox.close();
            assertThat(hostHasMountAt(rootfs)).as("not attached yet").isFalse();

            clone.attachOnHost(rootfs);
        }

        try {
            assertThat(hostHasMountAt(rootfs)).isTrue();
            assertThat(rootfs.resolve("result")).hasContent("built");
        } finally {
            org.citadel.realmfs.core.linux.Kernel.unmount(rootfs, 0);
        }
    }

    @Test
    void aCloneThatIsNeverAttachedLeavesNothingMounted() throws IOException {
        Path rootfs = directory("dropped-rootfs");
        try (Sandbox sandbox = Sandbox.open("it")) {
            sandbox.run(() -> {
                sandbox.mounts().tmpfs(rootfs, Optional.of("16M"));
                sandbox.mounts().detachedClone(rootfs).close();
            });
        }

        assertThat(hostHasMountAt(rootfs)).isFalse();
        assertThat(rootfs).isEmptyDirectory();
    }

    @Test
    void killingTheProcessesFromAnotherThreadEndsTheCommandTheSandboxWaitsFor() throws Exception {
        List<String> sleeper = List.of("sleep", "1000.011");
        try (Sandbox sandbox = Sandbox.open("it")) {
            Thread killer = new Thread(() -> {
                try {
                    HostProcesses.awaitRunning(sleeper);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                sandbox.killProcesses();
            });
            killer.start();
            long started = System.nanoTime();

            int exitCode = sandbox.call(() -> sandbox.spawner().run(Command.host(sleeper.toArray(String[]::new)), lines::add));

            killer.join();
            assertThat(exitCode).as("killed, not exited").isNotZero();
            assertThat(System.nanoTime() - started).isLessThan(20_000_000_000L);
            assertThat(HostProcesses.countRunning(sleeper)).isZero();
        }
    }
}
