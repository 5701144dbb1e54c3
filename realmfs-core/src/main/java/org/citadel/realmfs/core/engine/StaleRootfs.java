package org.citadel.realmfs.core.engine;

import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.core.linux.MountTable;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.citadel.realmfs.core.sandbox.HostTmpfs;

/**
 * Removes the rootfs an earlier build left, before a new one starts: the tmpfs a build was asked to
 * keep is unmounted, and the tree is deleted without ever crossing into a mounted filesystem
 * (anything else still mounted below the rootfs is an error that names it).
 */
final class StaleRootfs {
    private StaleRootfs() {
    }

    static void clear(Path rootfs) {
        MountTable mounts = MountTable.ofProcess();
        List<Path> below = mounts.atOrBelowMostRecentFirst(rootfs).stream()
                .map(MountTable.MountEntry::mountPoint)
                .filter(p -> !p.equals(rootfs))
                .toList();
        if (!below.isEmpty()) {
            throw new RealmfsException("The stale rootfs " + rootfs + " still has filesystems mounted in it: "
                    + below + "; unmount them (umount -R " + rootfs + ") and build again");
        }
        if (mounts.isMountPoint(rootfs)) {
            HostTmpfs.unmountKept(rootfs);
        }
        TreeRemover.removeTree(rootfs);
    }
}
