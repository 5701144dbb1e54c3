package org.citadel.realmfs.api;

/** The host cannot run a build: not root, a tool missing, no usable Debian mirror. */
public class HostRequirementException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    public HostRequirementException(String message) {
        super(message);
    }
}
