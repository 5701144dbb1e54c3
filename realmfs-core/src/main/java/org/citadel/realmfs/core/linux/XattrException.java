package org.citadel.realmfs.core.linux;

import java.nio.file.Path;

import jnr.constants.platform.Errno;
import org.citadel.realmfs.api.RealmfsException;

/** A libc call on a file's extended attributes or on a device node failed. */
public class XattrException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    XattrException(String what, Path path, int errno) {
        super("Cannot " + what + " of " + path + ": " + describe(errno));
    }

    static String describe(int errno) {
        Errno known = Errno.valueOf(errno);
        return known == Errno.__UNKNOWN_CONSTANT__
                ? "errno " + errno
                : known.name() + " (" + known.description() + ")";
    }
}
