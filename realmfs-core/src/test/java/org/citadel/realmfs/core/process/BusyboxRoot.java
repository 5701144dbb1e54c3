package org.citadel.realmfs.core.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A tiny root directory for chroot tests: the static busybox (package busybox-static) and a marker file. */
public final class BusyboxRoot {
    public static final String MARKER = "inside the tiny root";
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "cat", "echo", "env", "sleep", "true", "false", "pwd", "ls");

    private BusyboxRoot() {
    }

    public static Path create(Path directory) throws IOException {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException("These tests need a static busybox: apt-get install -y busybox-static");
        }
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(directory.resolve("etc"));
        Files.writeString(directory.resolve("etc/marker"), MARKER + "\n");
        Files.createDirectories(directory.resolve("work"));
        return directory;
    }
}
