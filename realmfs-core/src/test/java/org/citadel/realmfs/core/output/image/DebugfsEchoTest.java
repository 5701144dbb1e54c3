package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebugfsEchoTest {
    @TempDir
    Path directory;

    @Test
    void countsTheEchoedCommandsAsTheOutputGrowsNotWhatTheCommandsPrint() throws IOException {
        Path out = directory.resolve("echo");
        DebugfsEcho echo = new DebugfsEcho(out);

        assertThat(echo.commands()).isZero(); // not written yet
        append(out, "debugfs: mkdir a\ndebugfs: write /tmp/x a/x\nAllocated inode: 12\ndebug");
        assertThat(echo.commands()).isEqualTo(2);
        append(out, "fs: sif <2> atime @0\nsay debugfs: no\n");
        assertThat(echo.commands()).isEqualTo(3);
        append(out, "debugfs: rm a/x\n");
        assertThat(echo.commands()).isEqualTo(4);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
