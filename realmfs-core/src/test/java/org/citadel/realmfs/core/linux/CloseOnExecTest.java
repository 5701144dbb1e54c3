package org.citadel.realmfs.core.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No process started in this JVM inherits an fd Kernel handed out (the JDK's own children neither: its
 * spawn helper is exec'd, which closes them), and none is below the fds a child gets.
 */
class CloseOnExecTest {
    private static final int O_CLOEXEC_OCTAL = 02000000;

    @TempDir
    Path dir;

    @Test
    void everyFdKernelHandsOutIsCloseOnExec() throws IOException {
        try (Pipe pipe = Kernel.pipe("test");
             Fd file = Kernel.openReadOnly(Path.of("/dev/null"));
             Fd written = Kernel.openForWriting(dir.resolve("written"));
             Fd directory = Kernel.openDirectory(dir);
             Fd lock = Kernel.openLockFile(dir.resolve("lock"))) {
            for (Fd fd : new Fd[] {pipe.readEnd(), pipe.writeEnd(), file, written, directory, lock}) {
                assertThat(fdFlags(fd) & O_CLOEXEC_OCTAL).as("close-on-exec flag of %s", fd).isNotZero();
                assertThat(fd.number()).as(fd.toString()).isGreaterThanOrEqualTo(10);
            }
        }
    }

    private static int fdFlags(Fd fd) throws IOException {
        String flags = Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd.number())).stream()
                .filter(line -> line.startsWith("flags:")).findFirst().orElseThrow();
        return Integer.parseInt(flags.substring("flags:".length()).trim(), 8);
    }
}
