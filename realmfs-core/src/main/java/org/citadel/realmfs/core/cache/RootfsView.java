package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.core.sandbox.Mount;
import org.citadel.realmfs.core.sandbox.Mounts;

/**
 * The rootfs as it is with nothing mounted in it: a read-only, non-recursive bind of it elsewhere.
 * A layer is taken from this view, so it holds what lies under the chroot's mounts (the /dev that
 * debootstrap made, an empty package cache directory), never what is mounted on them, exactly as
 * the rootfs will be once the build unmounts everything.
 */
final class RootfsView implements AutoCloseable {
    private final Mounts mounts;
    private final Mount mount;

    private RootfsView(Mounts mounts, Mount mount) {
        this.mounts = mounts;
        this.mount = mount;
    }

    static RootfsView open(Mounts mounts, Path rootfs, Path viewDirectory) {
        try {
            Files.createDirectories(viewDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + viewDirectory + " to view the rootfs from", e);
        }
        return new RootfsView(mounts, mounts.bind(rootfs, viewDirectory, true));
    }

    Path path() {
        return mount.target();
    }

    @Override
    public void close() {
        mounts.unmount(mount);
        try {
            Files.deleteIfExists(mount.target());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + mount.target() + " after viewing the rootfs", e);
        }
    }
}
