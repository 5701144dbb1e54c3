package org.citadel.realmfs.api;

/** Base of every exception a build throws; the message says what was wrong, where, and what to do. */
public class RealmfsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RealmfsException(String message) {
        super(message);
    }

    public RealmfsException(String message, Throwable cause) {
        super(message, cause);
    }
}
