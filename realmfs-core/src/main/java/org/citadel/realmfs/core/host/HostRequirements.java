package org.citadel.realmfs.core.host;

import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.core.linux.Kernel;

/** Checks what a build needs from the host before anything is touched. */
public final class HostRequirements {
    private HostRequirements() {
    }

    /** Root is needed for mounts, chroot and for owning the rootfs's files. */
    public static void requireRoot() {
        if (!isRoot()) {
            throw new HostRequirementException("Building a RealmFS image needs root (mounts, chroot, file"
                    + " owners); run it again as root, for example with sudo");
        }
    }

    /** Whether this process runs with the effective user id 0. */
    public static boolean isRoot() {
        return Kernel.isRoot();
    }
}
