package org.citadel.realmfs.core.linux;

import java.nio.file.Path;

import org.citadel.realmfs.api.RealmfsException;

/** mknod(2) or utimensat(2) failed on a path. */
public class FileNodeException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    FileNodeException(String what, Path path, int errno) {
        super("Cannot " + what + " of " + path + ": " + XattrException.describe(errno));
    }
}
