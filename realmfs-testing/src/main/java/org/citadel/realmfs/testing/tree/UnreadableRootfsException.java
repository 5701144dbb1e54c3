package org.citadel.realmfs.testing.tree;

import org.citadel.realmfs.api.RealmfsException;

/** A built rootfs (directory, tar, ext4 or RealmFS image) could not be read: the message names the file and why. */
public class UnreadableRootfsException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    public UnreadableRootfsException(String message) {
        super(message);
    }

    public UnreadableRootfsException(String message, Throwable cause) {
        super(message, cause);
    }
}
