package org.citadel.realmfs.core.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;

/**
 * File operations relative to directory descriptors: {@code openat2(2)} resolution confined to a
 * root, and the {@code *at} calls that act on one name in a directory without following it. The
 * {@code *at} calls, openat2 and readlinkat are bound with jnr-ffi ({@link LibC}): jnr-posix 3.1
 * has none of them; open, fstat, chmod and readlink of a /proc fd path go through jnr-posix. Every
 * failure is a {@link NativeCallException} naming what was attempted (the caller's description of
 * the path) and the kernel's answer.
 *
 * <p>The kernel resolves {@link #resolveInRoot} exactly as for a process chrooted into the root:
 * absolute symlinks and {@code ..} resolve against it, nothing resolves outside it, and no
 * {@code /proc} magic link is followed; and it does so atomically, so a tree that changes while it
 * is resolved cannot lead it out either.
 */
public final class AtCalls {
    private static final LibC LIBC = Kernel.libc();
    private static final jnr.posix.LibC POSIX_LIBC = Kernel.posix().libc();

    /** Not in jnr-constants; the same on every Linux architecture. */
    private static final int O_PATH = 010000000;
    private static final int O_NOFOLLOW = OpenFlags.O_NOFOLLOW.intValue();
    private static final int O_DIRECTORY = OpenFlags.O_DIRECTORY.intValue();
    private static final int O_CLOEXEC = OpenFlags.O_CLOEXEC.intValue();
    private static final int O_RDONLY = OpenFlags.O_RDONLY.intValue();
    private static final int O_WRONLY = OpenFlags.O_WRONLY.intValue();
    private static final int O_CREAT = OpenFlags.O_CREAT.intValue();
    private static final int O_EXCL = OpenFlags.O_EXCL.intValue();
    /** openat2 is 437 on every architecture (the numbers of new system calls were unified). */
    private static final long SYS_OPENAT2 = 437;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_IN_ROOT = 0x10;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int O_TRUNC = OpenFlags.O_TRUNC.intValue();
    private static final int PATH_MAX = 4096;

    private AtCalls() {
    }

    /** A handle on {@code directory} to resolve paths below it from (O_PATH: it grants no access by itself). */
    public static Fd openRoot(Path directory) {
        int fd = POSIX_LIBC.open(directory.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        Kernel.check(fd, "open the directory " + directory);
        return Kernel.raise(fd, directory.toString());
    }

    /** A handle (O_PATH) on the directory or file at {@code path}, symlinks followed as usual (for host paths the build owns). */
    public static Fd openPath(Path path) {
        int fd = POSIX_LIBC.open(path.toString(), O_PATH | O_CLOEXEC, 0);
        Kernel.check(fd, "open " + path);
        return Kernel.raise(fd, path.toString());
    }

    /**
     * A handle (O_PATH) on what {@code relative} names below {@code root}, resolved as in a chroot
     * to {@code root}; with {@code followLast} false a symlink at its end is the handle's object
     * itself. Empty if it does not exist.
     */
    public static Optional<Fd> resolveInRoot(Fd root, String relative, boolean followLast, String description) {
        return openInRoot(root, relative, O_PATH | (followLast ? 0 : O_NOFOLLOW), description, "resolve ");
    }

    /**
     * Opens for reading the regular file an O_PATH handle refers to, through its /proc path (the same
     * file, whatever its path leads to now). Resolve to a handle and check its kind first: opening a
     * device node can have effects, opening a FIFO blocks.
     */
    public static Fd reopenForReading(Fd handle) {
        int fd = POSIX_LIBC.open(procPath(handle).toString(), O_RDONLY | O_CLOEXEC, 0);
        Kernel.check(fd, "open " + handle.description());
        return Kernel.raise(fd, handle.description());
    }

    /**
     * Opens for writing, emptied, the regular file an O_PATH handle refers to, through its /proc
     * path: the file keeps its inode, owner, mode and extended attributes. Check its kind first.
     */
    public static Fd reopenForReplacing(Fd handle) {
        int fd = POSIX_LIBC.open(procPath(handle).toString(), O_WRONLY | O_TRUNC | O_CLOEXEC, 0);
        Kernel.check(fd, "open " + handle.description() + " for writing");
        return Kernel.raise(fd, handle.description());
    }

    /**
     * A handle (O_PATH) on {@code name} in {@code directory} itself: one name, never followed if it
     * is a symlink, so the handle cannot lead out of the directory. Empty if nothing is there (any more).
     */
    public static Optional<Fd> openEntry(Fd directory, String name, String description) {
        int fd = LIBC.openat(directory.number(), name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0) {
            int errno = Kernel.errno();
            if (errno == Errno.ENOENT.intValue()) {
                return Optional.empty();
            }
            throw Kernel.failure("open " + description, errno);
        }
        return Optional.of(Kernel.raise(fd, description));
    }

    /** Sets the access and modification times of {@code name} in {@code directory} (of the link itself for a symlink). */
    public static void setTimesAt(Fd directory, String name, long seconds, long nanos, String description) {
        long[] time = {seconds, nanos};
        if (Kernel.posix().utimensat(directory.number(), name, time.clone(), time.clone(), AT_SYMLINK_NOFOLLOW) != 0) {
            throw Kernel.failure("set the times of " + description, Kernel.errno());
        }
    }

    /** Sets the access and modification times of the directory or file an O_PATH handle refers to; not for a symlink. */
    public static void setTimes(Fd handle, long seconds, long nanos) {
        long[] time = {seconds, nanos};
        if (Kernel.posix().utimensat(AT_FDCWD, procPath(handle).toString(), time.clone(), time.clone(), 0) != 0) {
            throw Kernel.failure("set the times of " + handle.description(), Kernel.errno());
        }
    }

    private static Optional<Fd> openInRoot(Fd root, String relative, int flags, String description, String verb) {
        byte[] how = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder())
                .putLong(flags | O_CLOEXEC).putLong(0).putLong(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS).array();
        String path = relative.isEmpty() ? "." : relative;
        long fd = LIBC.syscall(SYS_OPENAT2, root.number(), path, how, how.length);
        if (fd < 0) {
            int errno = Kernel.errno();
            if (errno == Errno.ENOENT.intValue()) {
                return Optional.empty();
            }
            throw Kernel.failure(verb + description, errno);
        }
        return Optional.of(Kernel.raise((int) fd, description));
    }

    /** Creates {@code name} in {@code directory} as a new regular file (never through a symlink) and opens it for writing. */
    public static Fd createExclusive(Fd directory, String name, int mode, String description) {
        int fd = LIBC.openat(directory.number(), name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        Kernel.check(fd, "create " + description);
        return Kernel.raise(fd, description);
    }

    public static void mkdirAt(Fd directory, String name, int mode, String description) {
        Kernel.check(LIBC.mkdirat(directory.number(), name, mode), "create the directory " + description);
    }

    /** Removes {@code name} from {@code directory} (the symlink itself if it is one); false if there was none. */
    public static boolean unlinkAt(Fd directory, String name, boolean isDirectory, String description) {
        if (LIBC.unlinkat(directory.number(), name, isDirectory ? AT_REMOVEDIR : 0) == 0) {
            return true;
        }
        int errno = Kernel.errno();
        if (errno == Errno.ENOENT.intValue()) {
            return false;
        }
        throw Kernel.failure("remove " + description, errno);
    }

    public static void symlinkAt(String target, Fd directory, String name, String description) {
        Kernel.check(LIBC.symlinkat(target, directory.number(), name),
                "create the symlink " + description + " to " + target);
    }

    /** Renames {@code from} in one directory to {@code to} in another (or the same), replacing {@code to}: a symlink there is replaced, not followed. */
    public static void renameAt(Fd fromDirectory, String from, Fd toDirectory, String to, String description) {
        Kernel.check(LIBC.renameat(fromDirectory.number(), from, toDirectory.number(), to),
                "rename " + from + " to " + description);
    }

    /** Sets the mode of the object {@code fd} refers to (an O_PATH handle too); not for a symlink. */
    public static void chmod(Fd fd, int mode, String description) {
        Kernel.check(POSIX_LIBC.chmod(procPath(fd).toString(), mode),
                "set mode 0" + Integer.toOctalString(mode) + " on " + description);
    }

    /** What kind of file {@code fd} refers to (a symlink for an O_PATH handle on one). */
    public static FileKind kind(Fd fd) {
        return PathCalls.fstat(fd).kind();
    }

    /**
     * A handle (O_PATH) on the directory at {@code path}, refusing a symlink at its end (ELOOP or
     * ENOTDIR then). Below it, {@link #procPath} names exactly this directory.
     */
    public static Fd openDirectoryNoFollow(Path path) {
        int fd = POSIX_LIBC.open(path.toString(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        Kernel.check(fd, "open the directory " + path);
        return Kernel.raise(fd, path.toString());
    }

    /** Whether {@code fd} refers to the file with this device ({@code st_dev}) and inode number. */
    public static boolean isFile(Fd fd, long device, long inode) {
        FileMetadata metadata = PathCalls.fstat(fd);
        return metadata.inode() == inode && metadata.device() == device;
    }

    /** The target of the symlink an O_PATH handle refers to. */
    public static String readLink(Fd symlink) {
        byte[] buffer = new byte[PATH_MAX];
        long n = LIBC.readlinkat(symlink.number(), "", buffer, buffer.length);
        if (n < 0) {
            throw Kernel.failure("read the symlink " + symlink.description(), Kernel.errno());
        }
        return new String(Arrays.copyOf(buffer, (int) n), StandardCharsets.UTF_8);
    }

    /** The host path of what {@code fd} refers to, as the calling thread sees it. */
    public static Path hostPathOf(Fd fd) {
        byte[] buffer = new byte[PATH_MAX];
        int n = POSIX_LIBC.readlink(procPath(fd).toString(), buffer, buffer.length);
        if (n < 0) {
            throw Kernel.failure("find the path of " + fd.description(), Kernel.errno());
        }
        return Path.of(new String(Arrays.copyOf(buffer, n), StandardCharsets.UTF_8));
    }

    /**
     * A path that names, for the calling thread, exactly the object {@code fd} refers to: giving it
     * to a call such as mount(2) acts on that object, whatever happens to its path meanwhile.
     */
    public static Path procPath(Fd fd) {
        return Path.of("/proc/thread-self/fd/" + fd.number());
    }
}
