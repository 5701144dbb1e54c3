package org.citadel.realmfs.core.linux;

import org.citadel.realmfs.api.RealmfsException;

/** A system call failed; the message says what was attempted, on which path, and the kernel's answer. */
public class NativeCallException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    private final String errnoName;

    public NativeCallException(String attempted, String errnoName, String errnoText) {
        super(attempted + " failed: " + errnoName + " (" + errnoText + ")");
        this.errnoName = errnoName;
    }

    /** The symbolic error, such as {@code EPERM}, for callers that treat one error specially. */
    public String errnoName() {
        return errnoName;
    }
}
