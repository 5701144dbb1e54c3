package org.citadel.realmfs.core.linux;

import org.citadel.realmfs.api.RealmfsException;

/** A system call failed; the message says what was attempted, on which path, and the kernel's answer. */
public class NativeCallException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    private final String errnoName;
    private final String errnoText;

    public NativeCallException(String attempted, String errnoName, String errnoText) {
        super(attempted + " failed: " + errnoName + " (" + errnoText + ")");
        this.errnoName = errnoName;
        this.errnoText = errnoText;
    }

    /** The kernel's words for the error, such as "Operation not permitted". */
    public String errnoText() {
        return errnoText;
    }

    /** The symbolic error, such as {@code EPERM}, for callers that treat one error specially. */
    public String errnoName() {
        return errnoName;
    }
}
