package org.citadel.realmfs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.MountFlags;
import org.citadel.realmfs.core.linux.MountTable;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * One test build's work directory, owned until {@link #close}: then the rootfs tmpfs the build kept
 * mounted on {@code rootfs/} is unmounted and the directory removed (never across a mount).
 */
final class WorkDirectory implements AutoCloseable {
    private final Path path;

    WorkDirectory(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    Path rootfs() {
        return path.resolve("rootfs");
    }

    @Override
    public void close() {
        remove(path);
    }

    /** Work directories {@code PID-N} whose JVM is gone (killed mid-test). */
    static void removeAbandoned(Path workRoot) {
        if (!Files.isDirectory(workRoot)) {
            return;
        }
        List<Path> abandoned;
        try (Stream<Path> dirs = Files.list(workRoot)) {
            abandoned = dirs.filter(WorkDirectory::ownerIsGone).toList();
        } catch (IOException e) {
            return;
        }
        abandoned.forEach(WorkDirectory::remove);
    }

    private static boolean ownerIsGone(Path dir) {
        String name = dir.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash <= 0) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(name.substring(0, dash))).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void remove(Path dir) {
        for (MountTable.MountEntry mount : MountTable.ofProcess().atOrBelowMostRecentFirst(dir)) {
            Kernel.unmount(mount.mountPoint(), MountFlags.MNT_DETACH);
        }
        TreeRemover.removeTree(dir);
    }
}
