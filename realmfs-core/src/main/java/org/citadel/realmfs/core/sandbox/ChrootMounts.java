package org.citadel.realmfs.core.sandbox;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The mounts a chroot is prepared with, on targets resolved as handles ({@link MountTarget}):
 * what {@link Mounts} makes in the sandbox's namespace, and what a test records without one.
 */
public interface ChrootMounts {
    Mount tmpfs(MountTarget target, Optional<String> size);

    Mount bind(Path source, MountTarget target, boolean readOnly);

    Mount proc(MountTarget target);

    Mount sysfs(MountTarget target);

    Mount devpts(MountTarget target);
}
