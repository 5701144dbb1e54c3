package org.citadel.realmfs.core.output.image.header;

import org.citadel.realmfs.api.RealmfsException;

/** A file that should be a RealmFS image is not one: bad magic, a header that does not parse. */
public class MalformedImageException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    public MalformedImageException(String message) {
        super(message);
    }
}
