package org.citadel.realmfs.core.host;

import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.core.linux.Kernel;

/** Checks what a build needs from the host before anything is touched. */
public final class HostRequirements {
    private HostRequirements() {
    }

    /** Root is needed for mounts, namespaces, chroot and for owning the rootfs's files. */
    public static void requireRoot() {
        if (!isRoot()) {
            throw notRoot("A RealmFS build");
        }
    }

    /** The failure of {@code who} (a build, the command) started without root. */
    public static HostRequirementException notRoot(String who) {
        return new HostRequirementException(who + " must run as root: it mounts filesystems and runs commands"
                + " in a chroot. Run it again with sudo.");
    }

    /** Whether this process runs with the effective user id 0. */
    public static boolean isRoot() {
        return Kernel.isRoot();
    }
}
