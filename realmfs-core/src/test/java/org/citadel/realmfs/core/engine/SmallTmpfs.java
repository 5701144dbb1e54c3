package org.citadel.realmfs.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A size-limited tmpfs a test mounts on the host to fill up, unmounted when closed. */
public final class SmallTmpfs implements AutoCloseable {
    private final Path mountPoint;

    private SmallTmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    public static SmallTmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        return new SmallTmpfs(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", mountPoint.toString());
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed with exit code " + process.exitValue());
        }
    }
}
