package org.citadel.realmfs.core.rootfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Full Unix modes (setuid, setgid and sticky bits too), which POSIX permission sets cannot express. */
public final class FileModes {
    private FileModes() {
    }

    public static void chmod(Path path, int mode) {
        try {
            Files.setAttribute(path, "unix:mode", mode);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set mode 0" + Integer.toOctalString(mode) + " on " + path, e);
        }
    }
}
