package org.citadel.realmfs.core.rootfs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.core.linux.AtCalls;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.NativeCallException;
import org.citadel.realmfs.core.sandbox.MountTarget;

/**
 * The one way the build touches a path inside the rootfs from the host side. Modules run as root in
 * the rootfs and may have replaced any directory or file in it with a symlink to a host path
 * (absolute, or climbing with {@code ..}); a plain host path such as {@code rootfs.resolve("etc/x")}
 * would follow it onto the host. Here every path is resolved by the kernel (openat2 with
 * RESOLVE_IN_ROOT) exactly as a process chrooted into the rootfs would see it: absolute symlinks and
 * {@code ..} resolve against the rootfs, nothing resolves outside it, no {@code /proc} magic link is
 * followed, and a tree changing meanwhile cannot lead it out. Operations on a path's last
 * component (write, delete, chmod, mount) act on that name in its resolved directory and never
 * follow a symlink there.
 *
 * <p>Paths are absolute paths inside the rootfs ({@code /etc/hostname}), {@link RootfsPath}s or
 * strings turned into one with {@link RootfsPath#of}, so a relative one or one with {@code ..} is an
 * {@link InvalidRecipeException} (they come from recipes too).
 */
public final class RootfsFiles {
    private static final int COPY_CHUNK = 64 * 1024;

    private final Path rootfs;

    public RootfsFiles(Path rootfs) {
        this.rootfs = rootfs.toAbsolutePath().normalize();
    }

    public Path rootfs() {
        return rootfs;
    }

    /** Whether something (a symlink too, dangling or not) is at {@code path}. */
    public boolean exists(String path) {
        return exists(RootfsPath.of(path));
    }

    /** Whether something (a symlink too, dangling or not) is at {@code path}. */
    public boolean exists(RootfsPath path) {
        try (Fd root = openRoot()) {
            return kindIn(root, path).isPresent();
        }
    }

    /** What is at {@code path} itself (a symlink at its end is not followed); empty if nothing. */
    public Optional<FileKind> kind(String path) {
        RootfsPath p = RootfsPath.of(path);
        try (Fd root = openRoot()) {
            return kindIn(root, p);
        }
    }

    /** The content of the regular file at {@code path}, symlinks followed inside the rootfs. */
    public byte[] read(String path) {
        return read(RootfsPath.of(path));
    }

    /** The content of the regular file at {@code p}, symlinks followed inside the rootfs. */
    public byte[] read(RootfsPath p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transferTo(p, out);
        return out.toByteArray();
    }

    /**
     * Writes the content of the regular file at {@code path} (symlinks followed inside the rootfs) to
     * {@code out}, which stays open: {@link #read} for files too large to hold in memory.
     */
    public void transferTo(String path, OutputStream out) {
        transferTo(RootfsPath.of(path), out);
    }

    private void transferTo(RootfsPath p, OutputStream out) {
        try (Fd root = openRoot()) {
            Optional<Fd> found = resolve(root, p, true);
            if (found.isEmpty()) {
                throw new RootfsPathException("Cannot read " + describe(p) + ": it does not exist");
            }
            try (Fd handle = found.get()) {
                if (AtCalls.kind(handle) != FileKind.REGULAR_FILE) {
                    throw new RootfsPathException("Cannot read " + describe(p) + ": it is not a regular file");
                }
                copy(handle, out, describe(p));
            }
        }
    }

    /** Like {@link #read} but empty when there is no regular file to read there (or no way to it). */
    public Optional<byte[]> readIfRegularFile(String path) {
        RootfsPath p = RootfsPath.of(path);
        try (Fd root = openRoot()) {
            Optional<Fd> found = resolve(root, p, true);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            try (Fd handle = found.get()) {
                return AtCalls.kind(handle) == FileKind.REGULAR_FILE ? Optional.of(readAll(handle)) : Optional.empty();
            }
        } catch (RootfsPathException e) {
            return Optional.empty(); // a loop of symlinks, a file where a directory should be
        }
    }

    /**
     * The names in the directory at {@code path} (symlinks on the way followed inside the rootfs),
     * sorted; empty if there is no directory there.
     */
    public List<String> list(String path) {
        RootfsPath p = RootfsPath.of(path);
        try (Fd root = openRoot()) {
            Optional<Fd> found = resolve(root, p, true);
            if (found.isEmpty()) {
                return List.of();
            }
            try (Fd directory = found.get()) {
                if (AtCalls.kind(directory) != FileKind.DIRECTORY) {
                    return List.of();
                }
                List<String> names = new ArrayList<>();
                // the handle's /proc path is the directory itself, whatever its path leads to meanwhile
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(AtCalls.procPath(directory))) {
                    for (Path entry : entries) {
                        names.add(entry.getFileName().toString());
                    }
                } catch (IOException e) {
                    throw new RealmfsException("Cannot list " + describe(p) + ": " + e.getMessage(), e);
                }
                names.sort(null);
                return names;
            }
        }
    }

    /** The target of the symlink at {@code path}; empty if there is none. */
    public Optional<String> readLink(String path) {
        RootfsPath p = RootfsPath.of(path);
        try (Fd root = openRoot()) {
            Optional<Fd> found = resolve(root, p, false);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            try (Fd fd = found.get()) {
                return AtCalls.kind(fd) == FileKind.SYMLINK ? Optional.of(AtCalls.readLink(fd)) : Optional.empty();
            }
        }
    }

    /**
     * Writes {@code content} as a new regular file at {@code path} with {@code mode}, replacing
     * atomically what was there (a symlink there is replaced, never followed). Its directory must exist.
     */
    public void write(String path, byte[] content, int mode) {
        write(RootfsPath.of(path), content, mode);
    }

    /** {@link #write(String, byte[], int)} for a checked path. */
    public void write(RootfsPath path, byte[] content, int mode) {
        write(path, new ByteArrayInputStream(content), mode);
    }

    /** {@link #write(String, byte[], int)} with the content read from {@code content} (not closed). */
    public void write(String path, InputStream content, int mode) {
        write(RootfsPath.of(path), content, mode);
    }

    /** {@link #write(String, InputStream, int)} for a checked path. */
    public void write(RootfsPath p, InputStream content, int mode) {
        try (Fd root = openRoot(); Fd directory = parentDirectory(root, p)) {
            if (kindIn(root, p).equals(Optional.of(FileKind.DIRECTORY))) {
                throw new RootfsPathException("Cannot write " + describe(p) + ": it is a directory");
            }
            String temporary = ".realmfs-" + UUID.randomUUID() + ".tmp";
            boolean renamed = false;
            try {
                try (Fd out = AtCalls.createExclusive(directory, temporary, 0600, describe(p))) {
                    copy(content, out);
                    AtCalls.chmod(out, mode, describe(p));
                }
                AtCalls.renameAt(directory, temporary, directory, name(p), describe(p));
                renamed = true;
            } finally {
                if (!renamed) {
                    AtCalls.unlinkAt(directory, temporary, false, describe(p) + "'s temporary file");
                }
            }
        }
    }

    /**
     * Replaces the content of the regular file at {@code path} in place (a symlink there is not
     * followed, and not replaced): the file keeps its owner, mode, extended attributes and other
     * names. Returns whether a regular file was there to rewrite.
     */
    public boolean replaceContent(String path, byte[] content) {
        RootfsPath p = RootfsPath.of(path);
        try (Fd root = openRoot()) {
            Optional<Fd> found = resolve(root, p, false);
            if (found.isEmpty()) {
                return false;
            }
            try (Fd handle = found.get()) {
                if (AtCalls.kind(handle) != FileKind.REGULAR_FILE) {
                    return false;
                }
                try (Fd out = AtCalls.reopenForReplacing(handle)) {
                    copy(new ByteArrayInputStream(content), out);
                }
                return true;
            }
        }
    }

    /** Renames {@code from} to {@code to}, replacing what is at {@code to}; neither name is followed if it is a symlink. */
    public void rename(String from, String to) {
        RootfsPath source = RootfsPath.of(from);
        RootfsPath target = RootfsPath.of(to);
        try (Fd root = openRoot(); Fd sourceDirectory = parentDirectory(root, source);
             Fd targetDirectory = parentDirectory(root, target)) {
            AtCalls.renameAt(sourceDirectory, name(source), targetDirectory, name(target), describe(target));
        }
    }

    /**
     * Creates {@code path} as a regular file with {@code content} and {@code mode} unless anything
     * (a symlink too) is there already; its directories are created (0755) as needed. Returns
     * whether it created it.
     */
    public boolean createIfAbsent(String path, byte[] content, int mode) {
        RootfsPath p = RootfsPath.of(path);
        if (exists(path)) {
            return false;
        }
        p.parent().ifPresent(parent -> createDirectories(parent, 0755));
        try (Fd root = openRoot(); Fd directory = parentDirectory(root, p);
             Fd out = AtCalls.createExclusive(directory, name(p), 0600, describe(p))) {
            copy(new ByteArrayInputStream(content), out);
            AtCalls.chmod(out, mode, describe(p));
        }
        return true;
    }

    /** Removes the name {@code path} (a symlink itself, never what it points to); false if nothing was there. */
    public boolean delete(String path) {
        RootfsPath p = RootfsPath.of(path);
        try (Fd root = openRoot()) {
            Optional<FileKind> kind = kindIn(root, p);
            if (kind.isEmpty()) {
                return false;
            }
            try (Fd directory = parentDirectory(root, p)) {
                return AtCalls.unlinkAt(directory, name(p), kind.get() == FileKind.DIRECTORY, describe(p));
            }
        }
    }

    /**
     * Removes {@code path} and, if it is a directory, everything in it; a symlink in it is removed
     * itself, never followed. False if nothing was there.
     */
    public boolean deleteTree(String path) {
        RootfsPath p = RootfsPath.of(path);
        Optional<FileKind> kind = kind(path);
        if (kind.isEmpty()) {
            return false;
        }
        if (kind.get() == FileKind.DIRECTORY) {
            for (String name : list(path)) {
                deleteTree(p.resolve(name).toString());
            }
        }
        return delete(path);
    }

    /**
     * Creates {@code path} and its missing parents as directories (mode {@code mode}), symlinks on
     * the way followed inside the rootfs. A symlink whose target is missing is not created through.
     */
    public void createDirectories(String path, int mode) {
        createDirectories(RootfsPath.of(path), mode);
    }

    /** {@link #createDirectories(String, int)} for a checked path. */
    public void createDirectories(RootfsPath p, int mode) {
        try (Fd root = openRoot()) {
            for (RootfsPath prefix : prefixes(p)) {
                Optional<Fd> existing = resolve(root, prefix, true);
                if (existing.isPresent()) {
                    try (Fd fd = existing.get()) {
                        if (AtCalls.kind(fd) != FileKind.DIRECTORY) {
                            throw new RootfsPathException("Cannot create the directory " + describe(p) + ": "
                                    + describe(prefix) + " is not a directory");
                        }
                    }
                    continue;
                }
                if (kindIn(root, prefix).isPresent()) {
                    throw new RootfsPathException("Cannot create the directory " + describe(p) + ": "
                            + describe(prefix) + " is a symlink to " + readLinkIn(root, prefix)
                            + ", which does not exist inside the rootfs (where symlinks resolve, as in the chroot)");
                }
                try (Fd directory = parentDirectory(root, prefix)) {
                    AtCalls.mkdirAt(directory, name(prefix), mode, describe(prefix));
                }
                chmod(prefix.toString(), mode);
            }
        }
    }

    /** Creates a symlink at {@code path} (nothing may be there) pointing to {@code target}. */
    public void symlink(String path, String target) {
        RootfsPath p = RootfsPath.of(path);
        try (Fd root = openRoot(); Fd directory = parentDirectory(root, p)) {
            AtCalls.symlinkAt(target, directory, name(p), describe(p));
        }
    }

    /** Sets the full mode (setuid, setgid, sticky too) of the file or directory at {@code path}; refuses a symlink. */
    public void chmod(String path, int mode) {
        RootfsPath p = RootfsPath.of(path);
        try (Fd root = openRoot(); Fd fd = notSymlink(root, p, "set the mode of")) {
            AtCalls.chmod(fd, mode, describe(p));
        }
    }

    /**
     * Where to mount on {@code path}: the directory or file there, which must exist and may not be a
     * symlink (symlinks before it are followed inside the rootfs). Each {@link MountTarget#open}
     * resolves it anew, so after a mount it yields the mount's root.
     */
    public MountTarget mountTarget(String path) {
        RootfsPath p = RootfsPath.of(path);
        return new MountTarget() {
            @Override
            public Fd open() {
                try (Fd root = openRoot()) {
                    return notSymlink(root, p, "mount on");
                }
            }

            @Override
            public String description() {
                return describe(p);
            }
        };
    }

    /** {@code path} described for messages: where it is inside the rootfs and where the rootfs is. */
    public String describe(String path) {
        return describe(RootfsPath.of(path));
    }

    private String describe(RootfsPath p) {
        return p + " in the rootfs " + rootfs;
    }

    private Fd openRoot() {
        return AtCalls.openRoot(rootfs);
    }

    private Fd notSymlink(Fd root, RootfsPath p, String action) {
        Optional<Fd> found = resolve(root, p, false);
        if (found.isEmpty()) {
            throw new RootfsPathException("Cannot " + action + " " + describe(p) + ": it does not exist");
        }
        Fd fd = found.get();
        if (AtCalls.kind(fd) == FileKind.SYMLINK) {
            String target = AtCalls.readLink(fd);
            fd.close();
            throw new RootfsPathException("Cannot " + action + " " + describe(p) + ": it is a symlink (to " + target
                    + "), and the build follows no symlink there; a module must leave it a "
                    + "directory or file (or not create it)");
        }
        return fd;
    }

    private Optional<FileKind> kindIn(Fd root, RootfsPath p) {
        Optional<Fd> found = resolve(root, p, false);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try (Fd fd = found.get()) {
            return Optional.of(AtCalls.kind(fd));
        }
    }

    private String readLinkIn(Fd root, RootfsPath p) {
        try (Fd fd = resolve(root, p, false).orElseThrow()) {
            return AtCalls.readLink(fd);
        }
    }

    /**
     * A handle on what {@code p} names, resolved inside the rootfs; empty if nothing is there (also
     * when something on the way is not a directory, so nothing can be).
     */
    private Optional<Fd> resolve(Fd root, RootfsPath p, boolean followLast) {
        try {
            return AtCalls.resolveInRoot(root, p.relative(), followLast, describe(p));
        } catch (NativeCallException e) {
            if (e.errnoName().equals("ENOTDIR")) {
                return Optional.empty();
            }
            if (e.errnoName().equals("ELOOP")) {
                throw new RootfsPathException("Cannot resolve " + describe(p) + ": too many levels of symlinks", e);
            }
            throw e;
        }
    }

    /** The directory {@code p} is in, resolved inside the rootfs; it must exist. */
    private Fd parentDirectory(Fd root, RootfsPath p) {
        RootfsPath parent = p.parent().orElseThrow(() -> new RootfsPathException("The rootfs's / has no directory"));
        Optional<Fd> found = resolve(root, parent, true);
        if (found.isEmpty()) {
            throw new RootfsPathException("Cannot change " + describe(p) + ": its directory " + parent
                    + " does not exist");
        }
        Fd fd = found.get();
        if (AtCalls.kind(fd) != FileKind.DIRECTORY) {
            fd.close();
            throw new RootfsPathException("Cannot change " + describe(p) + ": " + parent + " is not a directory");
        }
        return fd;
    }

    /** Reads the regular file a handle refers to (checked to be one: opening a device or FIFO is never attempted). */
    private static byte[] readAll(Fd handle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(handle, out, handle.description());
        return out.toByteArray();
    }

    private static void copy(Fd handle, OutputStream out, String what) {
        byte[] buffer = new byte[COPY_CHUNK];
        try (Fd fd = AtCalls.reopenForReading(handle)) {
            for (int n = Kernel.read(fd, buffer); n > 0; n = Kernel.read(fd, buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new RealmfsException("Cannot pass on the content of " + what + ": " + e.getMessage(), e);
        }
    }

    private static void copy(InputStream in, Fd out) {
        byte[] buffer = new byte[COPY_CHUNK];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                Kernel.writeFully(out, n == buffer.length ? buffer : Arrays.copyOf(buffer, n));
            }
        } catch (IOException e) {
            throw new RealmfsException("Cannot read what to write to " + out.description() + ": " + e.getMessage(), e);
        }
    }

    /** The last component of {@code p}, the name an operation on {@code p} itself acts on. */
    private static String name(RootfsPath p) {
        return p.fileName().orElseThrow(() -> new InvalidRecipeException("'/' does not name a file"));
    }

    /** {@code /a}, {@code /a/b}, ... up to {@code p}. */
    private static List<RootfsPath> prefixes(RootfsPath p) {
        List<RootfsPath> prefixes = new ArrayList<>();
        RootfsPath prefix = RootfsPath.ROOT;
        for (String name : p.names()) {
            prefix = prefix.resolve(name);
            prefixes.add(prefix);
        }
        return prefixes;
    }
}
