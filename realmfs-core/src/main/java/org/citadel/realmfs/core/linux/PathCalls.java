package org.citadel.realmfs.core.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import jnr.posix.FileStat;
import jnr.posix.NanosecondFileStat;
import jnr.posix.POSIX;

/**
 * The POSIX calls on a path that jnr-posix provides (stat, lstat, lchown, chmod, symlink, link,
 * readlink), each throwing a {@link NativeCallException} that names the call, the path and the
 * errno. For host paths the build owns, or paths a confined caller has already resolved (a
 * {@link AtCalls#procPath}): these calls resolve the path as usual, so a symlink in it is followed
 * (except at its end for lstat, lchown and symlink).
 */
public final class PathCalls {
    private static final POSIX POSIX = Kernel.posix();
    private static final int PATH_MAX = 4096;

    private PathCalls() {
    }

    /** What {@code path} names, a symlink at its end followed. */
    public static FileMetadata stat(Path path) {
        FileStat stat = POSIX.allocateStat();
        Kernel.check(POSIX.stat(path.toString(), stat), "stat " + path);
        return metadata(stat);
    }

    /** The bytes of the blocks the file {@code path} has on disk (st_blocks): its data, not its holes. */
    public static long allocatedBytes(Path path) {
        FileStat stat = POSIX.allocateStat();
        Kernel.check(POSIX.stat(path.toString(), stat), "stat " + path);
        return stat.blocks() * 512;
    }

    /** What {@code path} names, a symlink at its end not followed (the link itself). */
    public static FileMetadata lstat(Path path) {
        FileStat stat = POSIX.allocateStat();
        Kernel.check(POSIX.lstat(path.toString(), stat), "lstat " + path);
        return metadata(stat);
    }

    /** What the open descriptor refers to (an O_PATH handle on a symlink: the link itself). */
    public static FileMetadata fstat(Fd fd) {
        FileStat stat = POSIX.allocateStat();
        Kernel.check(POSIX.fstat(fd.number(), stat), "stat " + fd.description());
        return metadata(stat);
    }

    /**
     * Sets owner and group of {@code path}, of the link itself for a symlink, in one call. The
     * kernel clears setuid and setgid bits and file capabilities on a chown: set the mode afterwards.
     */
    public static void lchown(Path path, int uid, int gid) {
        Kernel.check(POSIX.libc().lchown(path.toString(), uid, gid),
                "change the owner of " + path + " to " + uid + ":" + gid);
    }

    /** Sets the permission bits of what {@code path} names (a symlink at its end followed: symlinks have no mode of their own). */
    public static void chmod(Path path, int mode) {
        Kernel.check(POSIX.libc().chmod(path.toString(), mode),
                "set mode 0" + Integer.toOctalString(mode) + " on " + path);
    }

    /** Creates the symlink {@code link} pointing at {@code target} (not checked, not resolved). */
    public static void symlink(String target, Path link) {
        Kernel.check(POSIX.libc().symlink(target, link.toString()), "create the symlink " + link + " to " + target);
    }

    /** Creates {@code link} as another name (a hard link) of the file {@code existing}. */
    public static void link(Path existing, Path link) {
        Kernel.check(POSIX.libc().link(existing.toString(), link.toString()),
                "create the hard link " + link + " to " + existing);
    }

    /** The target of the symlink at {@code path}, as stored. */
    public static String readlink(Path path) {
        byte[] buffer = new byte[PATH_MAX];
        int n = POSIX.libc().readlink(path.toString(), buffer, buffer.length);
        Kernel.check(n, "read the symlink " + path);
        return new String(Arrays.copyOf(buffer, n), StandardCharsets.UTF_8);
    }

    private static FileMetadata metadata(FileStat stat) {
        long mtimeNanos = stat instanceof NanosecondFileStat nanos ? nanos.mTimeNanoSecs() : 0;
        return new FileMetadata(stat.mode(), stat.uid(), stat.gid(), stat.dev(), stat.ino(), stat.nlink(),
                stat.st_size(), stat.rdev(), stat.mtime(), mtimeNanos);
    }
}
