package org.citadel.realmfs.core.stage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * Files the build puts into the rootfs only for its own duration (policy-rc.d, dpkg and apt settings):
 * each is written where no file was, remembered by its path inside the rootfs, and removed again
 * before the rootfs is packed. Both go through {@link RootfsFiles}, so neither follows a symlink a
 * module put on the way.
 */
public final class BuildOnlyFiles {
    private final RootfsFiles rootfs;
    private final Deque<String> created = new ArrayDeque<>();

    public BuildOnlyFiles(RootfsFiles rootfs) {
        this.rootfs = rootfs;
    }

    /** Writes {@code path} (inside the rootfs) unless something is already there; returns whether it wrote it. */
    public boolean write(String path, String content, int mode) {
        if (!rootfs.createIfAbsent(path, content.getBytes(StandardCharsets.UTF_8), mode)) {
            return false;
        }
        created.push(path);
        return true;
    }

    /** Remembers a file (a path inside the rootfs) something else created for the build, to remove it with the others. */
    public void adopt(String path) {
        created.push(path);
    }

    /** The paths inside the rootfs written or adopted and not yet removed, newest first. */
    public List<String> files() {
        return List.copyOf(created);
    }

    /** Removes every file written or adopted, newest first (whatever is at its name now, never through a symlink). */
    public void removeAll() {
        while (!created.isEmpty()) {
            rootfs.delete(created.pop());
        }
    }
}
