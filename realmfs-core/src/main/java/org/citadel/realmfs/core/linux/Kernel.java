package org.citadel.realmfs.core.linux;

import java.nio.file.Path;
import java.util.Optional;

import jnr.constants.platform.Errno;
import jnr.constants.platform.Fcntl;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The system calls the build needs, as methods that throw a {@link NativeCallException} saying what
 * was attempted on which path and what the kernel answered.
 *
 * <p>The POSIX calls jnr-posix provides (open, close, fcntl, flock, read, write, kill, waitpid,
 * geteuid, strerror; see also {@link PathCalls}) go through it, in their errno-returning forms;
 * what it lacks (mount, umount2, unshare, setns, chroot, fchdir, pipe2, poll, statvfs, sethostname,
 * open_tree, move_mount) is bound from libc with jnr-ffi ({@link LibC}).
 */
public final class Kernel {
    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    /** Native only: jnr-posix's pure-Java fallback could not do what is asked and would only warn. */
    private static final POSIX POSIX = POSIXFactory.getNativePOSIX(new PosixErrorHandler());
    private static final jnr.posix.LibC POSIX_LIBC = POSIX.libc();

    private static final int O_RDONLY = OpenFlags.O_RDONLY.intValue();
    private static final int O_DIRECTORY = OpenFlags.O_DIRECTORY.intValue();
    private static final int O_CLOEXEC = OpenFlags.O_CLOEXEC.intValue();
    private static final int O_WRONLY = OpenFlags.O_WRONLY.intValue();
    private static final int O_CREAT = OpenFlags.O_CREAT.intValue();
    private static final int O_TRUNC = OpenFlags.O_TRUNC.intValue();
    private static final int O_NONBLOCK = OpenFlags.O_NONBLOCK.intValue();
    private static final int F_GETFL = Fcntl.F_GETFL.intValue();
    private static final int F_SETFL = Fcntl.F_SETFL.intValue();
    /** Not in jnr-constants; the same on every Linux architecture. */
    private static final int F_DUPFD_CLOEXEC = 1030;
    /** Every fd handed out is at or above this number, so none collides with the fds a child gets (0 to 9). */
    private static final int LOWEST_FD = 10;
    private static final short POLLIN = 0x1;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;

    /** open_tree and move_mount: the same number on every architecture since Linux 5.2 (alpha aside). */
    private static final long SYS_OPEN_TREE = 428;
    private static final long SYS_MOVE_MOUNT = 429;
    private static final int AT_FDCWD = -100;
    private static final int OPEN_TREE_CLONE = 1;
    private static final int MOVE_MOUNT_F_EMPTY_PATH = 0x4;

    private Kernel() {
    }

    static LibC libc() {
        return LIBC;
    }

    static POSIX posix() {
        return POSIX;
    }

    /**
     * Loads the native library and every class an error path needs, so that later calls (for
     * example on a chrooted thread, where the JVM's own files are out of reach) load nothing.
     */
    public static void warmUp() {
        failure("warm up", Errno.ENOENT.intValue());
        POSIX_LIBC.geteuid();
        POSIX.allocateStat();
    }

    public static boolean isRoot() {
        return POSIX_LIBC.geteuid() == 0;
    }

    public static void mount(String source, Path target, String fstype, long flags, String data) {
        check(LIBC.mount(source, target.toString(), fstype, flags, data),
                "mount " + fstype + " (" + source + ") on " + target);
    }

    public static void bindMount(Path source, Path target, boolean recursive) {
        long flags = MountFlags.MS_BIND | (recursive ? MountFlags.MS_REC : 0);
        check(LIBC.mount(source.toString(), target.toString(), null, flags, null),
                "bind mount " + source + " on " + target);
    }

    /** Makes an existing bind mount read-only (a bind mount ignores MS_RDONLY when it is made). */
    public static void remountBindReadOnly(Path target) {
        long flags = MountFlags.MS_REMOUNT | MountFlags.MS_BIND | MountFlags.MS_RDONLY;
        check(LIBC.mount("none", target.toString(), null, flags, null), "remount read-only " + target);
    }

    /** Stops mount and unmount events propagating between this mount namespace and any other. */
    public static void makeAllMountsPrivate() {
        check(LIBC.mount("none", "/", null, MountFlags.MS_REC | MountFlags.MS_PRIVATE, null),
                "make every mount private (mount --make-rprivate /)");
    }

    public static void unmount(Path target, int flags) {
        check(LIBC.umount2(target.toString(), flags), "unmount " + target);
    }

    public static void unshare(int flags) {
        check(LIBC.unshare(flags), "unshare(0x" + Integer.toHexString(flags) + ")");
    }

    public static void setns(Fd namespace, int nstype) {
        check(LIBC.setns(namespace.number(), nstype), "enter namespace " + namespace.description());
    }

    public static void chroot(String path) {
        check(LIBC.chroot(path), "chroot to " + path);
    }

    public static void fchdir(Fd directory) {
        check(LIBC.fchdir(directory.number()), "change directory to " + directory.description());
    }

    /** Opens a directory as a handle to come back to (fchdir) even from inside a chroot. */
    public static Fd openDirectory(Path directory) {
        int fd = POSIX_LIBC.open(directory.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        check(fd, "open directory " + directory);
        return raise(fd, directory.toString());
    }

    public static Fd openReadOnly(Path file) {
        int fd = POSIX_LIBC.open(file.toString(), O_RDONLY | O_CLOEXEC, 0);
        check(fd, "open " + file);
        return raise(fd, file.toString());
    }

    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;

    /**
     * The ranges {@code [start, end)} of {@code file} (open read-only as {@code fd}, {@code size}
     * bytes long) that hold data, by lseek's SEEK_DATA and SEEK_HOLE: the rest are holes, which read
     * as zeros. A filesystem without hole support reports the whole file as data.
     */
    public static java.util.List<long[]> dataRanges(Fd fd, long size) {
        java.util.List<long[]> ranges = new java.util.ArrayList<>();
        for (long position = 0; position < size; ) {
            long data = POSIX_LIBC.lseek(fd.number(), position, SEEK_DATA);
            if (data < 0) {
                int errno = errno();
                if (errno == Errno.ENXIO.intValue()) {
                    break; // no data after position
                }
                throw failure("find the data of " + fd.description() + " (lseek SEEK_DATA)", errno);
            }
            long hole = POSIX_LIBC.lseek(fd.number(), data, SEEK_HOLE);
            if (hole < 0) {
                throw failure("find the holes of " + fd.description() + " (lseek SEEK_HOLE)", errno());
            }
            ranges.add(new long[] {data, Math.min(hole, size)});
            position = hole;
        }
        return ranges;
    }

    /** Opens (creating or truncating) a file to write to; mode 0644 when created. */
    public static Fd openForWriting(Path file) {
        int fd = POSIX_LIBC.open(file.toString(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        check(fd, "open " + file + " for writing");
        return raise(fd, file.toString());
    }

    /**
     * The size and free space of the filesystem {@code path} is on, as the calling thread's mount
     * namespace sees it (the JDK's FileStore reads the process's mount table, not the thread's).
     */
    public static FilesystemSpace statvfs(Path path) {
        // struct statvfs: f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_favail, f_fsid,
        // f_flag, f_namemax, then 6 spare ints
        long[] buffer = new long[14];
        check(LIBC.statvfs(path.toString(), buffer), "statvfs " + path);
        long fragment = buffer[1] != 0 ? buffer[1] : buffer[0];
        return new FilesystemSpace(buffer[2] * fragment, buffer[4] * fragment);
    }

    /**
     * A detached copy of the mount at {@code mountPoint} alone (open_tree with OPEN_TREE_CLONE): it
     * keeps that filesystem alive when the original is unmounted or its mount namespace ends, and can
     * be attached elsewhere, from another mount namespace, with {@link #attachMount}.
     */
    public static Fd cloneMount(Path mountPoint) {
        int fd = LIBC.syscall(SYS_OPEN_TREE, AT_FDCWD, mountPoint.toString(), OPEN_TREE_CLONE | O_CLOEXEC);
        check(fd, "clone the mount on " + mountPoint + " (open_tree)");
        return raise(fd, "detached clone of the mount on " + mountPoint);
    }

    /** Attaches a detached mount ({@link #cloneMount}) on {@code target} in the calling thread's mount namespace. */
    public static void attachMount(Fd detached, Path target) {
        check(LIBC.syscall(SYS_MOVE_MOUNT, detached.number(), "", AT_FDCWD, target.toString(), MOVE_MOUNT_F_EMPTY_PATH),
                "attach " + detached.description() + " on " + target + " (move_mount)");
    }

    /** Opens (creating it, mode 0600, if missing) a file to hold an flock on. */
    public static Fd openLockFile(Path file) {
        int fd = POSIX_LIBC.open(file.toString(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
        check(fd, "open the lock file " + file);
        return raise(fd, file.toString());
    }

    /**
     * Takes an exclusive flock(2) on the open file without waiting: true if taken, false if another
     * open file holds it. An flock belongs to the open file, not to the process: a second open of the
     * same file in this JVM contends for it like another process would, and closing one descriptor
     * releases only its own lock (unlike the fcntl locks of {@link java.nio.channels.FileLock}).
     */
    public static boolean tryLockExclusive(Fd file) {
        while (POSIX_LIBC.flock(file.number(), LOCK_EX | LOCK_NB) < 0) {
            int errno = errno();
            if (errno == Errno.EWOULDBLOCK.intValue() || errno == Errno.EAGAIN.intValue()) {
                return false;
            }
            if (errno != Errno.EINTR.intValue()) {
                throw failure("lock " + file.description() + " (flock)", errno);
            }
        }
        return true;
    }

    /**
     * An exclusive flock(2) on the file at {@code file} (created, mode 0600, if missing), taken
     * without waiting: empty if another open file holds it. A lock on a file that another holder
     * deleted between this open and the flock guards nothing, so the file is then opened again.
     */
    public static Optional<Fd> tryLockFileAt(Path file) {
        while (true) {
            Fd lock = openLockFile(file);
            try {
                if (!tryLockExclusive(lock)) {
                    lock.close();
                    return Optional.empty();
                }
                if (isOpenAt(lock, file)) {
                    return Optional.of(lock);
                }
                lock.close();
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
        }
    }

    /**
     * Whether {@code path} (not followed if a symlink) names the file {@code fd} has open: false when
     * the path was deleted or replaced since the file was opened.
     */
    public static boolean isOpenAt(Fd fd, Path path) {
        FileMetadata named;
        try {
            named = PathCalls.lstat(path);
        } catch (NativeCallException e) {
            return false; // gone, or no longer reachable: not the open file either way
        }
        return PathCalls.fstat(fd).isSameFileAs(named);
    }

    /** Sets the host name of the calling thread's UTS namespace. */
    public static void setHostname(String name) {
        check(LIBC.sethostname(name, name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                "set the host name to " + name);
    }

    /** A new pipe; both ends close-on-exec. */
    public static Pipe pipe(String purpose) {
        int[] fds = new int[2];
        check(LIBC.pipe2(fds, O_CLOEXEC), "create a pipe for " + purpose);
        Fd readEnd;
        try {
            readEnd = raise(fds[0], "read end of the " + purpose + " pipe");
        } catch (RuntimeException e) {
            closeFd(fds[1]);
            throw e;
        }
        try {
            return new Pipe(readEnd, raise(fds[1], "write end of the " + purpose + " pipe"));
        } catch (RuntimeException e) {
            readEnd.close();
            throw e;
        }
    }

    static Fd raise(int fd, String description) {
        if (fd >= LOWEST_FD) {
            return new Fd(fd, description);
        }
        int moved = POSIX_LIBC.fcntl(fd, F_DUPFD_CLOEXEC, LOWEST_FD);
        int errno = moved < 0 ? errno() : 0;
        closeFd(fd);
        if (moved < 0) {
            throw failure("move the fd of " + description + " above fd " + LOWEST_FD, errno);
        }
        return new Fd(moved, description);
    }

    public static void setNonBlocking(Fd fd) {
        int flags = POSIX_LIBC.fcntl(fd.number(), F_GETFL, 0);
        check(flags, "read the flags of " + fd);
        check(POSIX_LIBC.fcntl(fd.number(), F_SETFL, flags | O_NONBLOCK), "make " + fd + " non-blocking");
    }

    /** Reads what is available: the number of bytes read, 0 at end of file, -1 if a non-blocking fd has nothing now. */
    public static int read(Fd fd, byte[] buffer) {
        while (true) {
            long n = POSIX_LIBC.read(fd.number(), buffer, buffer.length);
            if (n >= 0) {
                return (int) n;
            }
            int errno = errno();
            if (errno == Errno.EAGAIN.intValue()) {
                return -1;
            }
            if (errno != Errno.EINTR.intValue()) {
                throw failure("read from " + fd, errno);
            }
        }
    }

    public static void writeFully(Fd fd, byte[] data) {
        int offset = 0;
        while (offset < data.length) {
            byte[] rest = offset == 0 ? data : java.util.Arrays.copyOfRange(data, offset, data.length);
            long n = POSIX_LIBC.write(fd.number(), rest, rest.length);
            if (n < 0) {
                int errno = errno();
                if (errno != Errno.EINTR.intValue()) {
                    throw failure("write to " + fd, errno);
                }
            } else {
                offset += (int) n;
            }
        }
    }

    /**
     * Waits until at least one of {@code fds} can be read without blocking (data, end of file or an
     * error) and tells which.
     */
    public static boolean[] awaitReadable(Fd... fds) {
        int[] pollfds = new int[fds.length * 2];
        for (int i = 0; i < fds.length; i++) {
            pollfds[2 * i] = fds[i].number();
            pollfds[2 * i + 1] = POLLIN; // events in the low short, revents (0) in the high one (little-endian)
        }
        while (LIBC.poll(pollfds, fds.length, -1) < 0) {
            int errno = errno();
            if (errno != Errno.EINTR.intValue()) {
                throw failure("poll " + java.util.Arrays.toString(fds), errno);
            }
        }
        boolean[] readable = new boolean[fds.length];
        for (int i = 0; i < fds.length; i++) {
            readable[i] = (pollfds[2 * i + 1] >>> 16) != 0;
        }
        return readable;
    }

    /** Sends a signal; a process that is already gone is not an error. */
    public static void kill(int pid, int signal) {
        if (POSIX_LIBC.kill(pid, signal) < 0) {
            int errno = errno();
            if (errno != Errno.ESRCH.intValue()) {
                throw failure("send signal " + signal + " to process " + pid, errno);
            }
        }
    }

    /** Waits for a child to end and returns its raw wait status (see {@link WaitStatus}). */
    public static int waitFor(int pid) {
        int[] status = new int[1];
        while (POSIX_LIBC.waitpid(pid, status, 0) < 0) {
            int errno = errno();
            if (errno != Errno.EINTR.intValue()) {
                throw failure("wait for process " + pid, errno);
            }
        }
        return status[0];
    }

    static void closeFd(int fd) {
        // Linux closes the descriptor even when close reports EINTR or EIO: nothing to retry.
        POSIX_LIBC.close(fd);
    }

    static int errno() {
        return RUNTIME.getLastError();
    }

    static void check(int result, String attempted) {
        if (result < 0) {
            throw failure(attempted, errno());
        }
    }

    static NativeCallException failure(String attempted, int errno) {
        return new NativeCallException(attempted, errnoName(errno), POSIX_LIBC.strerror(errno));
    }

    private static String errnoName(int errno) {
        Errno known = Errno.valueOf(errno);
        return known == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : known.name();
    }
}
