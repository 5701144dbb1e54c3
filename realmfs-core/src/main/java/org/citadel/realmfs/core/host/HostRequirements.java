package org.citadel.realmfs.core.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.core.linux.Kernel;

/** Checks what a build needs from the host before anything is touched. */
public final class HostRequirements {
    private static final String SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private HostRequirements() {
    }

    /** Root is needed for mounts, chroot and for owning the rootfs's files. */
    public static void requireRoot() {
        if (!isRoot()) {
            throw new HostRequirementException("Building a RealmFS image needs root (mounts, chroot, file"
                    + " owners); run it again as root, for example with sudo");
        }
    }

    public static boolean isRoot() {
        return Kernel.isRoot();
    }

    /** The absolute path of a host tool, or an error that says which Debian package installs it. */
    public static Path requireTool(String name, String debianPackage) {
        return findTool(name).orElseThrow(() -> new HostRequirementException("'" + name
                + "' is not installed on this host; install it with: apt-get install " + debianPackage));
    }

    public static Optional<Path> findTool(String name) {
        for (String dir : SEARCH_PATH.split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
