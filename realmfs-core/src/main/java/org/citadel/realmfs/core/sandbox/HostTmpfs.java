package org.citadel.realmfs.core.sandbox;

import java.nio.file.Path;
import java.util.Optional;

import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.MountTable;

/**
 * A tmpfs mounted in the host's mount namespace, for a rootfs that must stay visible after the
 * build (the caller asked to keep it).
 *
 * <p>Mount it <em>before</em> opening the sandbox: the sandbox's namespace starts as a copy of the
 * host's, so it sees this tmpfs too, and both views are the same filesystem: what the build writes
 * into it in the sandbox, the host sees. (A tmpfs mounted in the sandbox dies with the sandbox;
 * one mounted on the host after the sandbox opened is not seen inside it.)
 */
public final class HostTmpfs implements AutoCloseable {
    private final Path target;
    private boolean kept;
    private boolean closed;

    private HostTmpfs(Path target) {
        this.target = target;
    }

    /** Mounts a tmpfs (mode 0755) on {@code target}; {@code size} as mount(8) takes it, or the kernel's default. */
    public static HostTmpfs mount(Path target, Optional<String> size) {
        if (NamespaceThread.isAnyCurrent()) {
            throw new IllegalStateException("A host tmpfs must be mounted outside any sandbox (before opening it)");
        }
        Path normal = target.toAbsolutePath().normalize();
        Kernel.mount("tmpfs", normal, "tmpfs", 0, "mode=0755" + size.map(s -> ",size=" + s).orElse(""));
        return new HostTmpfs(normal);
    }

    /**
     * Unmounts a tmpfs an earlier build kept on {@code target}; returns whether there was one.
     * Anything else mounted there is left alone.
     */
    public static boolean unmountKept(Path target) {
        Path normal = target.toAbsolutePath().normalize();
        boolean found = MountTable.ofProcess().entries().stream()
                .anyMatch(e -> e.mountPoint().equals(normal) && e.fsType().equals("tmpfs"));
        if (found) {
            Kernel.unmount(normal, 0);
        }
        return found;
    }

    public Path target() {
        return target;
    }

    /** Leaves the tmpfs mounted on the host when this is closed. */
    public synchronized void keep() {
        kept = true;
    }

    /** Unmounts the tmpfs (and its contents are gone), unless {@link #keep()} was called. */
    @Override
    public synchronized void close() {
        if (!closed && !kept) {
            Kernel.unmount(target, 0);
        }
        closed = true;
    }
}
