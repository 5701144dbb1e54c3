package org.citadel.realmfs.cli;

/** The command was asked for something it cannot do as given; exits with {@link ExitCodes#USAGE}. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
