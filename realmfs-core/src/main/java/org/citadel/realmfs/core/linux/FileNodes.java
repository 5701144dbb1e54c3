package org.citadel.realmfs.core.linux;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Creates device nodes and FIFOs, and sets modification times, all by path without opening the
 * file: opening a FIFO blocks, and opening a device may have effects (the JDK's
 * {@code setTimes} and no-follow {@code setMode} open the file). utimensat goes through jnr-posix;
 * mknod, which jnr-posix lacks, is bound with jnr-ffi ({@link XattrCalls}).
 */
public final class FileNodes {

    /** The kind of node mknod(2) creates; the values are the file-type bits of st_mode. */
    public enum Kind {
        CHARACTER_DEVICE(0020000), BLOCK_DEVICE(0060000), FIFO(0010000);

        private final int typeBits;

        Kind(int typeBits) {
            this.typeBits = typeBits;
        }
    }

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private FileNodes() {
    }

    /**
     * Creates a node at {@code path} with the permission bits of {@code mode} (masked by the umask,
     * so set them again afterwards if it matters); major and minor are ignored for a FIFO.
     */
    public static void create(Path path, Kind kind, int mode, int major, int minor) {
        if (XattrCalls.LIBC.mknod(path.toString(), kind.typeBits | (mode & 07777), makedev(major, minor)) != 0) {
            throw new FileNodeException("create the " + kind.name().toLowerCase().replace('_', ' ')
                    + " (" + major + ", " + minor + ")", path, lastErrno());
        }
    }

    /** Sets the modification time of {@code path}, of the link itself for a symbolic link; leaves its access time. */
    public static void setModificationTime(Path path, FileTime mtime) {
        long[] access = {0, UTIME_OMIT};
        long[] modification = {mtime.toInstant().getEpochSecond(), mtime.toInstant().getNano()};
        if (Kernel.posix().utimensat(AT_FDCWD, path.toString(), access, modification, AT_SYMLINK_NOFOLLOW) != 0) {
            throw new FileNodeException("set the modification time", path, lastErrno());
        }
    }

    /** glibc's gnu_dev_makedev: 12 bits of major and 20 of minor, split around the low bits. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    private static int lastErrno() {
        return Kernel.errno();
    }
}
