package org.citadel.realmfs.core.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.MountTable;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * Removes the rootfs an earlier build left, before a new one starts, and says what it was: the tmpfs
 * a build was asked to keep is unmounted, the tree of one that did not finish (its
 * {@link IncompleteRootfsMarker} is still there) or that was kept on disk is deleted, without ever
 * crossing into a mounted filesystem (anything else still mounted below the rootfs is an error that
 * names it).
 */
final class StaleRootfs {
    private StaleRootfs() {
    }

    static void clear(WorkDirectory work, EventDispatcher events) {
        Path rootfs = work.rootfs();
        MountTable mounts = MountTable.ofProcess();
        List<Path> below = mounts.atOrBelowMostRecentFirst(rootfs).stream()
                .map(MountTable.MountEntry::mountPoint)
                .filter(p -> !p.equals(rootfs))
                .toList();
        if (!below.isEmpty()) {
            throw new RealmfsException("The stale rootfs " + rootfs + " still has filesystems mounted in it: "
                    + below + "; unmount them (umount -R " + rootfs + ") and build again");
        }
        boolean incomplete = IncompleteRootfsMarker.isPresent(work);
        boolean keptTmpfs = mounts.entries().stream()
                .anyMatch(e -> e.mountPoint().equals(rootfs) && e.fsType().equals("tmpfs"));
        if (keptTmpfs) {
            Kernel.unmount(rootfs, 0);
        }
        boolean tree = hasEntries(rootfs);
        TreeRemover.removeTree(rootfs);
        IncompleteRootfsMarker.remove(work);
        String what = incomplete
                ? (tree ? "removed the incomplete rootfs " + rootfs + " of an earlier build that did not finish"
                        : "an earlier build in " + work.root() + " did not finish; it left no rootfs")
                : keptTmpfs ? "unmounted the rootfs tmpfs an earlier build kept on " + rootfs
                : tree ? "removed the rootfs an earlier build kept in " + rootfs
                : null;
        if (what != null) {
            events.message(Stage.BOOTSTRAP, what);
        }
    }

    private static boolean hasEntries(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Files.exists(directory);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return entries.iterator().hasNext();
        } catch (IOException e) {
            throw new RealmfsException("Cannot read the stale rootfs " + directory + ": " + e.getMessage()
                    + "; delete it by hand (rm -rf " + directory + ")", e);
        }
    }
}
