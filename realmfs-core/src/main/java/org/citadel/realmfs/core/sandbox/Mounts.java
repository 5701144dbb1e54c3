package org.citadel.realmfs.core.sandbox;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.citadel.realmfs.core.linux.AtCalls;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.MountFlags;
import org.citadel.realmfs.core.linux.MountTable;
import org.citadel.realmfs.core.linux.MountTable.MountEntry;
import org.citadel.realmfs.core.linux.NativeCallException;

/**
 * The mounts a sandbox makes in its private mount namespace, released in reverse order. Usable only
 * on the sandbox's thread (the namespace belongs to it).
 */
public final class Mounts implements ChrootMounts {
    private static final long SAFE_PSEUDO_FS = MountFlags.MS_NOSUID | MountFlags.MS_NODEV | MountFlags.MS_NOEXEC;

    private final NamespaceThread owner;
    private final Consumer<String> warnings;
    private final Deque<Mount> made = new ArrayDeque<>();

    Mounts(NamespaceThread owner, Consumer<String> warnings) {
        this.owner = owner;
        this.warnings = warnings;
    }

    /** A tmpfs (mode 0755); {@code size} as mount(8) takes it ("8G", "50%"), or the kernel's default. */
    public Mount tmpfs(Path target, Optional<String> size) {
        return tmpfs(MountTarget.hostPath(target), size);
    }

    /** {@link #tmpfs(Path, Optional)} on a target resolved as a handle (see {@link MountTarget}). */
    @Override
    public Mount tmpfs(MountTarget target, Optional<String> size) {
        String options = "mode=0755" + size.map(s -> ",size=" + s).orElse("");
        return made(target, "tmpfs" + size.map(s -> " of " + s).orElse(""), "mount tmpfs (tmpfs)",
                on -> Kernel.mount("tmpfs", on, "tmpfs", 0, options));
    }

    /** Makes {@code source} (a directory or a file) appear at {@code target}; read-only needs a second step. */
    public Mount bind(Path source, Path target, boolean readOnly) {
        return bind(source, MountTarget.hostPath(target), readOnly);
    }

    /** {@link #bind(Path, Path, boolean)} on a target resolved as a handle (see {@link MountTarget}). */
    @Override
    public Mount bind(Path source, MountTarget target, boolean readOnly) {
        Mount mount = made(target, (readOnly ? "read-only bind of " : "bind of ") + source, "bind mount " + source,
                on -> Kernel.bindMount(source, on, false));
        if (readOnly) {
            // a remount names the mount's root: the target resolved anew, now that the bind is on it
            try (Fd mountRoot = target.open()) {
                Kernel.remountBindReadOnly(AtCalls.procPath(mountRoot));
            } catch (NativeCallException e) {
                unmount(mount);
                throw new NativeCallException("remount read-only " + target.description(), e.errnoName(), e.errnoText());
            } catch (RuntimeException e) {
                unmount(mount);
                throw e;
            }
        }
        return mount;
    }

    /**
     * A proc filesystem. It shows the PID namespace of the JVM (the host's), not the build's: a
     * proc mount shows the namespace of the thread that mounts it, and the sandbox thread itself
     * stays in the host's PID namespace.
     */
    @Override
    public Mount proc(MountTarget target) {
        return made(target, "proc", "mount proc (proc)", on -> Kernel.mount("proc", on, "proc", SAFE_PSEUDO_FS, null));
    }

    /** A read-only sysfs. */
    @Override
    public Mount sysfs(MountTarget target) {
        return made(target, "sysfs", "mount sysfs (sysfs)",
                on -> Kernel.mount("sysfs", on, "sysfs", SAFE_PSEUDO_FS | MountFlags.MS_RDONLY, null));
    }

    /** A new devpts instance, so ptys made in the build are the build's own. */
    @Override
    public Mount devpts(MountTarget target) {
        return made(target, "devpts", "mount devpts (devpts)", on -> Kernel.mount("devpts", on, "devpts",
                MountFlags.MS_NOSUID | MountFlags.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620"));
    }

    /**
     * A detached clone of the mount on {@code mountPoint}, to attach on the host: call it once
     * everything below that mount is unmounted (the clone does not take those along).
     */
    public DetachedMount detachedClone(Path mountPoint) {
        checkThread();
        return DetachedMount.cloneOf(mountPoint.toAbsolutePath().normalize());
    }

    /** The mounts made and not yet unmounted, oldest first. */
    public List<Mount> active() {
        checkThread();
        List<Mount> oldestFirst = new ArrayList<>(made);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** Unmounts {@code mount} early, with everything mounted at or below its target, deepest first. */
    public void unmount(Mount mount) {
        unmountAllUnder(mount.target());
    }

    /**
     * Unmounts everything mounted at or below {@code directory} in this namespace, the most recent
     * first, including mounts the build's processes made.
     */
    public void unmountAllUnder(Path directory) {
        unmountWhere(directory, true);
    }

    /** Like {@link #unmountAllUnder} but keeps a mount at {@code directory} itself (a rootfs tmpfs). */
    public void unmountAllBelow(Path directory) {
        unmountWhere(directory, false);
    }

    private void unmountWhere(Path directory, boolean includingDirectory) {
        checkThread();
        Path normal = directory.toAbsolutePath().normalize();
        for (MountEntry entry : MountTable.ofCallingThread().atOrBelowMostRecentFirst(normal)) {
            if (includingDirectory || !entry.mountPoint().equals(normal)) {
                Kernel.unmount(entry.mountPoint(), 0);
            }
        }
        made.removeIf(m -> {
            Path target = m.target().toAbsolutePath().normalize();
            return target.startsWith(normal) && (includingDirectory || !target.equals(normal));
        });
    }

    /**
     * Unmounts every mount, the most recent first. Never throws: a mount that stays busy is detached
     * lazily (it disappears once no longer used) and reported to the warnings.
     */
    void releaseAll() {
        while (!made.isEmpty()) {
            Mount mount = made.peek();
            for (MountEntry entry : MountTable.ofCallingThread().atOrBelowMostRecentFirst(mount.target())) {
                release(entry);
            }
            made.remove(mount);
        }
    }

    private void release(MountEntry entry) {
        try {
            Kernel.unmount(entry.mountPoint(), 0);
        } catch (NativeCallException busy) {
            try {
                Kernel.unmount(entry.mountPoint(), MountFlags.MNT_DETACH);
                warnings.accept(busy.getMessage() + "; detached it lazily instead");
            } catch (NativeCallException e) {
                warnings.accept(busy.getMessage() + "; detaching it lazily failed too: " + e.getMessage());
            }
        }
    }

    /**
     * Mounts on the object a fresh handle on {@code target} refers to (through its
     * /proc/thread-self/fd path, while the handle is open), and records the mount under that
     * object's real host path, which the mount table shows and unmounting goes by.
     */
    private Mount made(MountTarget target, String description, String attempted, Consumer<Path> mountOn) {
        checkThread();
        try (Fd handle = target.open()) {
            Path where = AtCalls.hostPathOf(handle);
            mountOn.accept(AtCalls.procPath(handle));
            Mount mount = new Mount(where, description);
            made.push(mount);
            return mount;
        } catch (NativeCallException e) {
            // said of the target as the caller knows it, not of the handle's /proc path
            throw new NativeCallException(attempted + " on " + target.description(), e.errnoName(), e.errnoText());
        }
    }

    private void checkThread() {
        if (!owner.isCurrent()) {
            throw new IllegalStateException("Mounts of the sandbox " + owner.getName()
                    + " can only be used on its thread (inside Sandbox.call)");
        }
    }
}
