package org.citadel.realmfs.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.RealmfsException;

/**
 * {@code <work>/rootfs.incomplete}: there from before a build touches its rootfs until the build
 * completed, so a rootfs left by a build that was killed or failed never looks finished.
 */
final class IncompleteRootfsMarker {
    static final String FILE_NAME = "rootfs.incomplete";

    private IncompleteRootfsMarker() {
    }

    static Path of(WorkDirectory work) {
        return work.root().resolve(FILE_NAME);
    }

    static boolean isPresent(WorkDirectory work) {
        return Files.exists(of(work));
    }

    static void place(WorkDirectory work) {
        try {
            Files.writeString(of(work), "The rootfs " + work.rootfs() + " beside this file is not complete: the build"
                    + " making it did not finish. The next build in " + work.root() + " removes both.\n");
        } catch (IOException e) {
            throw new RealmfsException("Cannot write " + of(work) + ": " + e.getMessage()
                    + "; the work directory " + work.root() + " must be writable", e);
        }
    }

    static void remove(WorkDirectory work) {
        try {
            Files.deleteIfExists(of(work));
        } catch (IOException e) {
            throw new RealmfsException("Cannot delete " + of(work) + ": " + e.getMessage()
                    + "; delete it by hand", e);
        }
    }
}
