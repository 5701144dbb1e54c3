package org.citadel.realmfs.core.cache;

import java.nio.file.Path;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.output.tar.RootfsTarReader;
import org.citadel.realmfs.core.sandbox.Mounts;

/**
 * A copy of the package layer's tree in a directory of its own, made as the layer cache stores and
 * restores the layer (the rootfs viewed with nothing mounted in it, written as a layer tar and
 * restored from it), so that a copy made from the build's rootfs and one restored from the stored
 * layer are the same tree.
 */
public final class PackageTreeCopy {
    private PackageTreeCopy() {
    }

    /**
     * Copies the rootfs, as it is with nothing mounted in it, into the empty or missing directory
     * {@code target}, through the tar file {@code tarFile} (deleted when done).
     *
     * @param viewDirectory an empty directory outside the rootfs to view the rootfs from
     */
    public static void ofRootfs(Mounts mounts, Path rootfs, Path viewDirectory, Path tarFile, Path target) {
        HostFiles.createDirectories("the directory of the package layer's tree", tarFile.getParent());
        try (RootfsView view = RootfsView.open(mounts, rootfs, viewDirectory)) {
            LayerTar.write(view.path(), tarFile);
        }
        try {
            HostFiles.createDirectories("the copy of the package layer's tree", target);
            new RootfsTarReader().restore(tarFile, target);
        } finally {
            HostFiles.deleteIfExists("the tar of the package layer's tree", tarFile);
        }
    }

    /** Restores the stored package layer {@code layer} into the empty or missing directory {@code target}. */
    public static void ofStoredLayer(StoredLayer layer, Path target) {
        HostFiles.createDirectories("the copy of the package layer's tree", target);
        LayerTar.restore(layer, target);
    }
}
