package org.citadel.realmfs.core.cache;

import java.nio.file.Path;
import org.citadel.realmfs.core.io.HostFiles;
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
        HostFiles.createDirectories("the rootfs view directory", viewDirectory);
        return new RootfsView(mounts, mounts.bind(rootfs, viewDirectory, true));
    }

    Path path() {
        return mount.target();
    }

    @Override
    public void close() {
        mounts.unmount(mount);
        HostFiles.deleteIfExists("the rootfs view directory", mount.target());
    }
}
