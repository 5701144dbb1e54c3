package org.citadel.realmfs.core.output.tar;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.citadel.realmfs.core.linux.FileNodes;
import org.citadel.realmfs.core.linux.ExtendedAttributes;
import org.citadel.realmfs.core.linux.PathCalls;

/**
 * Restores a tar archive of a rootfs, as {@link RootfsTarWriter} or GNU tar write it, into a
 * directory: numeric owners, permissions (setuid, setgid, sticky), mtimes, symbolic links (never
 * followed), hard links, device nodes, FIFOs and extended attributes of every namespace. Needs root
 * for owners, device nodes and trusted or security attributes.
 *
 * <p>Every entry must stay inside the directory: an absolute name, a ".." component, a path through
 * a symbolic link, or a hard link to such a path fails the restore with an
 * {@link UnsafeTarEntryException}. An existing file at an entry's path is replaced; an existing
 * directory is kept and gets the entry's owner, permissions and mtime.
 *
 * <p>Memory: the mtimes of restored directories are set last, so their paths are kept until the end.
 */
public final class RootfsTarReader {

    private static final int COPY_BUFFER_SIZE = 256 * 1024;

    /** Restores the archive in {@code tarFile} into the existing directory {@code target}. */
    public RestoreSummary restore(Path tarFile, Path target) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tarFile), COPY_BUFFER_SIZE)) {
            return restore(in, target);
        } catch (IOException e) {
            throw new RootfsTarException("Cannot read the tar archive " + tarFile + ": " + e.getMessage(), e);
        }
    }

    /** Restores the archive read from {@code tar}, which is left open, into the existing directory {@code target}. */
    public RestoreSummary restore(InputStream tar, Path target) {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new RootfsTarException("Cannot restore a tar archive into " + target + ": it is not a directory");
        }
        Restore restore = new Restore(new TarInput(tar), new RestoreTarget(target));
        try {
            return restore.run();
        } catch (IOException e) {
            throw new RootfsTarException("Cannot restore a tar archive into " + target + ": " + e.getMessage(), e);
        }
    }

    /** One restore: the archive, the target, and what has to wait for the end. */
    private static final class Restore {
        private record DirectoryTime(Path path, FileTime mtime) {
        }

        final TarInput input;
        final RestoreTarget target;
        final ExtendedAttributes xattrs = new ExtendedAttributes();
        final byte[] copyBuffer = new byte[COPY_BUFFER_SIZE];
        final Deque<DirectoryTime> directoryTimes = new ArrayDeque<>();
        long entries;
        long contentBytes;

        Restore(TarInput input, RestoreTarget target) {
            this.input = input;
            this.target = target;
        }

        RestoreSummary run() throws IOException {
            for (var next = input.next(); next.isPresent(); next = input.next()) {
                restore(next.get());
                entries++;
            }
            // Deepest first, so setting a child's time never touches its parent's afterwards.
            while (!directoryTimes.isEmpty()) {
                DirectoryTime directory = directoryTimes.pop();
                setMtime(directory.path(), directory.mtime());
            }
            return new RestoreSummary(entries, contentBytes);
        }

        private void restore(TarEntry entry) throws IOException {
            Path path = target.pathOf(entry.name());
            target.prepareParentsOf(path, entry.name());
            if (entry.type() == TarEntry.Type.DIRECTORY) {
                makeDirectory(path);
            } else {
                replaceNonDirectory(path, entry.name());
                if (entry.type() == TarEntry.Type.HARD_LINK) {
                    link(path, entry);
                    return;
                }
                create(path, entry);
            }
            applyMetadata(path, entry);
        }

        private void create(Path path, TarEntry entry) throws IOException {
            switch (entry.type()) {
                case FILE -> writeContent(path);
                case SYMLINK -> PathCalls.symlink(entry.linkName(), path);
                case CHARACTER_DEVICE -> FileNodes.create(path, FileNodes.Kind.CHARACTER_DEVICE,
                        entry.permissions(), entry.deviceMajor(), entry.deviceMinor());
                case BLOCK_DEVICE -> FileNodes.create(path, FileNodes.Kind.BLOCK_DEVICE,
                        entry.permissions(), entry.deviceMajor(), entry.deviceMinor());
                case FIFO -> FileNodes.create(path, FileNodes.Kind.FIFO, entry.permissions(), 0, 0);
                default -> throw new IllegalStateException("not created here: " + entry.type());
            }
        }

        private void makeDirectory(Path path) throws IOException {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.deleteIfExists(path);
            Files.createDirectory(path);
        }

        private void replaceNonDirectory(Path path, String name) throws IOException {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new RootfsTarException("Cannot restore the tar entry " + name + ": " + path
                        + " already exists as a directory");
            }
            Files.deleteIfExists(path);
        }

        private void link(Path path, TarEntry entry) throws IOException {
            Path existing = target.pathOf(entry.linkName());
            target.checkParentsOf(existing, entry.linkName());
            if (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
                throw new RootfsTarException("Cannot restore the hard link " + entry.name() + ": its target "
                        + entry.linkName() + " is not a file restored before it");
            }
            PathCalls.link(existing, path);
        }

        private void writeContent(Path path) throws IOException {
            InputStream content = input.content();
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                for (int read = content.read(copyBuffer); read >= 0; read = content.read(copyBuffer)) {
                    out.write(copyBuffer, 0, read);
                    contentBytes += read;
                }
            }
        }

        /**
         * Owner first, since chown clears setuid bits and capabilities; then mode, attributes, and
         * time. All by path: opening a FIFO would block, and opening a device could have effects.
         */
        private void applyMetadata(Path path, TarEntry entry) throws IOException {
            PathCalls.lchown(path, (int) entry.uid(), (int) entry.gid());
            if (entry.type() != TarEntry.Type.SYMLINK) {
                // Following links is right (this is no link) and needed: a no-follow chmod would open the file.
                PathCalls.chmod(path, entry.permissions());
            }
            for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
                xattrs.write(path, xattr.getKey(), xattr.getValue());
            }
            if (entry.type() == TarEntry.Type.DIRECTORY) {
                directoryTimes.push(new DirectoryTime(path, entry.mtime()));
            } else {
                setMtime(path, entry.mtime());
            }
        }

        private static void setMtime(Path path, FileTime mtime) {
            FileNodes.setModificationTime(path, mtime);
        }
    }
}
