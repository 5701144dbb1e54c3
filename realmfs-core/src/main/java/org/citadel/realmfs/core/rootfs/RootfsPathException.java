package org.citadel.realmfs.core.rootfs;

import org.citadel.realmfs.api.RealmfsException;

/**
 * A path inside the rootfs is not what the build needs there (a symlink where it mounts or changes
 * a file, a loop of symlinks): the message names the path inside the rootfs and the rootfs's host
 * path. Usually a module made it so.
 */
public class RootfsPathException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    public RootfsPathException(String message) {
        super(message);
    }

    public RootfsPathException(String message, Throwable cause) {
        super(message, cause);
    }
}
