package org.citadel.realmfs.api;

/** A recipe, option or configuration value was rejected before anything ran. */
public class InvalidRecipeException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    public InvalidRecipeException(String message) {
        super(message);
    }

    public InvalidRecipeException(String message, Throwable cause) {
        super(message, cause);
    }
}
