package org.citadel.realmfs.core.cache;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.core.events.PolledProgress;
import org.citadel.realmfs.core.events.ProgressInputStream;
import org.citadel.realmfs.core.events.ProgressSink;
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
    private static final int BUFFER = 256 * 1024;

    private PackageTreeCopy() {
    }

    /**
     * Copies the rootfs, as it is with nothing mounted in it, into the empty or missing directory
     * {@code target}, through the tar file {@code tarFile} (deleted when done).
     *
     * @param viewDirectory an empty directory outside the rootfs to view the rootfs from
     */
    public static void ofRootfs(Mounts mounts, Path rootfs, Path viewDirectory, Path tarFile, Path target) {
        ofRootfs(mounts, rootfs, viewDirectory, tarFile, target, ProgressSink.NONE, ProgressSink.NONE);
    }

    /**
     * {@link #ofRootfs(Mounts, Path, Path, Path, Path)}, telling {@code writing} the bytes of the tar
     * written (polled; the total is unknown) and {@code restoring} the bytes of it restored of all of them.
     */
    public static void ofRootfs(Mounts mounts, Path rootfs, Path viewDirectory, Path tarFile, Path target,
                                ProgressSink writing, ProgressSink restoring) {
        HostFiles.createDirectories("the directory of the package layer's tree", tarFile.getParent());
        long tarBytes;
        try (RootfsView view = RootfsView.open(mounts, rootfs, viewDirectory)) {
            try (PolledProgress polled = PolledProgress.start(writing, () -> size(tarFile), 0, PolledProgress.EVERY)) {
                tarBytes = LayerTar.write(view.path(), tarFile).bytes();
            }
            writing.finished(tarBytes, 0);
        }
        try {
            HostFiles.createDirectories("the copy of the package layer's tree", target);
            try (InputStream in = new BufferedInputStream(new ProgressInputStream(Files.newInputStream(tarFile),
                    restoring, tarBytes), BUFFER)) {
                new RootfsTarReader().restore(in, target);
            } catch (IOException e) {
                throw HostFiles.ioFailure("read the tar of the package layer's tree", tarFile, e);
            }
        } finally {
            HostFiles.deleteIfExists("the tar of the package layer's tree", tarFile);
        }
    }

    /** Restores the stored package layer {@code layer} into the empty or missing directory {@code target}. */
    public static void ofStoredLayer(StoredLayer layer, Path target) {
        ofStoredLayer(layer, target, ProgressSink.NONE);
    }

    /** {@link #ofStoredLayer(StoredLayer, Path)}, telling {@code restoring} the bytes of the layer's tar read. */
    public static void ofStoredLayer(StoredLayer layer, Path target, ProgressSink restoring) {
        HostFiles.createDirectories("the copy of the package layer's tree", target);
        LayerTar.restore(layer, target, restoring);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
