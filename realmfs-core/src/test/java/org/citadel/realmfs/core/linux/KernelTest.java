package org.citadel.realmfs.core.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelTest {
    @TempDir
    Path dir;

    @Test
    void isRootTellsWhetherTheEffectiveUserIsRoot() throws IOException {
        Path created = Files.writeString(dir.resolve("mine"), "x");

        assertThat(Kernel.isRoot()).isEqualTo(Files.getAttribute(created, "unix:uid").equals(0));
    }

    @Test
    void aSpawnedProcessIsWaitedForAndItsExitCodeRead() {
        try (Fd stdin = Kernel.openReadOnly(Path.of("/dev/null"));
             Fd stdout = Kernel.openForWriting(Path.of("/dev/null"));
             PreparedSpawn spawn = new PreparedSpawn(List.of("/bin/sh"), List.of("sh", "-c", "exit 7"),
                     List.of("PATH=/usr/bin:/bin"), "/", Map.of(0, stdin, 1, stdout, 2, stdout))) {
            int pid = spawn.launch();
            assertThat(pid).isPositive();

            assertThat(WaitStatus.exitCode(Kernel.waitFor(pid))).isEqualTo(7);
            Kernel.kill(pid, Signals.SIGTERM); // already reaped: no error
        }
    }

    @Test
    void aSignalledProcessReportsTheSignal() {
        try (Fd stdin = Kernel.openReadOnly(Path.of("/dev/null"));
             Fd stdout = Kernel.openForWriting(Path.of("/dev/null"));
             PreparedSpawn spawn = new PreparedSpawn(List.of("/bin/sleep"), List.of("sleep", "30"),
                     List.of(), "/", Map.of(0, stdin, 1, stdout, 2, stdout))) {
            int pid = spawn.launch();

            Kernel.kill(pid, Signals.SIGKILL);

            assertThat(WaitStatus.exitCode(Kernel.waitFor(pid))).isEqualTo(128 + Signals.SIGKILL);
        }
    }

    @Test
    void waitingForAProcessThatIsNoChildNamesIt() {
        assertThatThrownBy(() -> Kernel.waitFor(1))
                .isInstanceOf(NativeCallException.class)
                .hasMessage("wait for process 1 failed: ECHILD (No child processes)");
    }

    @Test
    void aMissingFileIsReportedWithItsPathAndErrno() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> Kernel.openReadOnly(missing))
                .isInstanceOf(NativeCallException.class)
                .hasMessage("open " + missing + " failed: ENOENT (No such file or directory)");
    }

    @Test
    void descriptorsAreHandedOutAboveTheChildsFdRange() {
        try (Fd fd = Kernel.openReadOnly(Path.of("/dev/null"))) {
            assertThat(fd.number()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void bytesWrittenToAPipeAreReadFromIt() {
        try (Pipe pipe = Kernel.pipe("test")) {
            Kernel.writeFully(pipe.writeEnd(), "hello".getBytes(StandardCharsets.UTF_8));
            pipe.writeEnd().close();
            byte[] buffer = new byte[16];

            assertThat(Kernel.awaitReadable(pipe.readEnd())).containsExactly(true);
            int n = Kernel.read(pipe.readEnd(), buffer);
            assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(Kernel.read(pipe.readEnd(), buffer)).as("end of file").isZero();
        }
    }

    @Test
    void anEmptyNonBlockingPipeHasNothingToReadNow() {
        try (Pipe pipe = Kernel.pipe("test")) {
            Kernel.setNonBlocking(pipe.readEnd());

            assertThat(Kernel.read(pipe.readEnd(), new byte[4])).isEqualTo(-1);
        }
    }

    @Test
    void anFlockIsHeldByOneOpenFileAtATime() {
        Path lock = dir.resolve("lock");
        try (Fd first = Kernel.openLockFile(lock); Fd second = Kernel.openLockFile(lock)) {
            assertThat(Kernel.tryLockExclusive(first)).isTrue();
            assertThat(Kernel.tryLockExclusive(second)).isFalse();
            first.close();
            assertThat(Kernel.tryLockExclusive(second)).isTrue();
        }
    }

    @Test
    void isOpenAtTellsWhetherThePathStillNamesTheOpenFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        try (Fd fd = Kernel.openReadOnly(file)) {
            assertThat(Kernel.isOpenAt(fd, file)).isTrue();

            Path replacement = Files.writeString(dir.resolve("replacement"), "y");
            Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Kernel.isOpenAt(fd, file)).as("replaced").isFalse();

            Files.delete(file);
            assertThat(Kernel.isOpenAt(fd, file)).as("deleted").isFalse();
        }
    }
}
