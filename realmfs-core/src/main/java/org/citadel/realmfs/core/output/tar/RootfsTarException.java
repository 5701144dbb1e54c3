package org.citadel.realmfs.core.output.tar;

import org.citadel.realmfs.api.RealmfsException;

/** Writing a rootfs to a tar archive, or restoring one from it, failed. */
public class RootfsTarException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    public RootfsTarException(String message) {
        super(message);
    }

    public RootfsTarException(String message, Throwable cause) {
        super(message, cause);
    }
}
