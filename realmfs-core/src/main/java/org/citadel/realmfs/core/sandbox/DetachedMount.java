package org.citadel.realmfs.core.sandbox;

import java.nio.file.Path;

import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;

/**
 * A copy of one of the sandbox's mounts that belongs to no mount namespace yet: the way a finished
 * rootfs tmpfs leaves the sandbox. Until it is attached, only its descriptor keeps the filesystem
 * alive, so a build that is killed or fails before that leaves nothing mounted anywhere.
 */
public final class DetachedMount implements AutoCloseable {
    private final Fd tree;
    private final Path source;

    private DetachedMount(Fd tree, Path source) {
        this.tree = tree;
        this.source = source;
    }

    /** Clones the mount on {@code mountPoint} alone (nothing mounted below it); on the sandbox's thread. */
    static DetachedMount cloneOf(Path mountPoint) {
        return new DetachedMount(Kernel.cloneMount(mountPoint), mountPoint);
    }

    /**
     * Attaches it on {@code target} in the host's mount namespace, where it stays after the build.
     * Called from any thread but a sandbox's (those are in their own namespaces).
     */
    public void attachOnHost(Path target) {
        if (NamespaceThread.isAnyCurrent()) {
            throw new IllegalStateException("The clone of " + source + " must be attached from a host thread, not "
                    + Thread.currentThread().getName());
        }
        Kernel.attachMount(tree, target);
    }

    /** Closes the descriptor: a clone that was never attached is unmounted with it. */
    @Override
    public void close() {
        tree.close();
    }
}
