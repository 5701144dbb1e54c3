package org.citadel.realmfs.core.sandbox;

import java.nio.file.Path;
import org.citadel.realmfs.core.linux.AtCalls;
import org.citadel.realmfs.core.linux.Fd;

/**
 * The directory or file to mount on, as a handle rather than a path: the kernel mounts on the very
 * object the handle refers to, so a symlink planted on the way between resolving and mounting
 * cannot redirect the mount. Each {@link #open} resolves the target anew (after a mount, to the
 * mount's root).
 */
public interface MountTarget {

    /** An O_PATH handle on the target, which the caller closes. */
    Fd open();

    /** The target for messages. */
    String description();

    /** A host path the build owns (the work directory's), trusted as it is. */
    static MountTarget hostPath(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        return new MountTarget() {
            @Override
            public Fd open() {
                return AtCalls.openPath(normal);
            }

            @Override
            public String description() {
                return normal.toString();
            }
        };
    }
}
