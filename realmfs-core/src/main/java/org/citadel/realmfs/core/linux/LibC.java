package org.citadel.realmfs.core.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The libc functions jnr-posix 3.1 does not offer, or offers in a form that does not fit, bound
 * straight from libc: the Linux namespace, mount and chroot calls; pipe2 (jnr-posix's pipe cannot
 * make both ends close-on-exec atomically); poll; statvfs; sethostname; the posix_spawn family with
 * the glibc extensions {@link PreparedSpawn} needs (jnr-posix's posix_spawnp has no chdir or
 * closefrom action and allocates as it launches); the {@code *at} calls and raw syscall(2)
 * for openat2, open_tree and move_mount. Every function returns -1 and sets errno on failure, except the posix_spawn family,
 * which returns the error number.
 *
 * <p>Public only because jnr-ffi implements it in a class loader of its own; use {@link Kernel}.
 */
public interface LibC {
    int mount(String source, String target, String fstype, long flags, String data);

    int umount2(String target, int flags);

    int unshare(int flags);

    int setns(int fd, int nstype);

    int chroot(String path);

    int fchdir(int fd);

    int pipe2(@Out int[] fds, int flags);

    /** {@code fds} holds one struct pollfd per two ints: the fd, then events and revents as two shorts. */
    int poll(@In @Out int[] fds, long count, int timeoutMillis);

    int sethostname(String name, long length);

    /** {@code buffer} receives struct statvfs, whose fields are all 8 bytes wide on 64-bit Linux. */
    int statvfs(String path, @Out long[] buffer);

    /** {@code argv} and {@code envp}: NULL-terminated arrays of C strings, in native memory. */
    int posix_spawn(@Out int[] pid, String path, Pointer fileActions, Pointer attributes, Pointer argv, Pointer envp);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    int posix_spawnattr_init(Pointer attributes);

    int posix_spawnattr_destroy(Pointer attributes);

    int posix_spawnattr_setflags(Pointer attributes, short flags);

    int posix_spawnattr_setsigmask(Pointer attributes, Pointer signals);

    int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

    int sigemptyset(Pointer signals);

    int sigfillset(Pointer signals);

    /** For system calls glibc has no wrapper for (openat2): {@code how} is the call's struct, {@code size} its length. */
    long syscall(long number, int directoryFd, String path, @In byte[] how, long size);

    int openat(int directoryFd, String path, int flags, int mode);

    int mkdirat(int directoryFd, String path, int mode);

    int unlinkat(int directoryFd, String path, int flags);

    int symlinkat(String target, int directoryFd, String path);

    int renameat(int fromDirectoryFd, String from, int toDirectoryFd, String to);

    long readlinkat(int directoryFd, String path, @Out byte[] buffer, long size);

    /** syscall(2) for open_tree(dfd, path, flags), which glibc has no wrapper for before 2.36. */
    int syscall(long number, int dfd, String path, int flags);

    /** syscall(2) for move_mount(fromDfd, fromPath, toDfd, toPath, flags). */
    int syscall(long number, int fromDfd, String fromPath, int toDfd, String toPath, int flags);
}
