package org.citadel.realmfs.core.output.tar;

import java.io.FileOutputStream;
import org.citadel.realmfs.core.events.ProgressOutputStream;
import org.citadel.realmfs.core.events.ProgressSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.citadel.realmfs.core.io.DirectoryNames;
import org.citadel.realmfs.core.linux.AtCalls;
import org.citadel.realmfs.core.linux.ExtendedAttributes;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.NativeCallException;
import org.citadel.realmfs.core.linux.FilesystemFullException;
import org.citadel.realmfs.core.output.AtomicOutputFile;

/**
 * Writes a rootfs directory tree as a POSIX (pax) tar stream that GNU tar extracts with
 * {@code --numeric-owner --xattrs --xattrs-include='*' -p}, and {@link RootfsTarReader} restores.
 *
 * <p>What is archived: numeric owners (no user or group names), permissions with setuid, setgid and
 * sticky bits, mtimes to the second, symbolic links verbatim (never followed, not even one a running
 * process swaps in for a directory while it is walked), hard links (every
 * name of a file after the first becomes a link entry to the first), character and block devices,
 * FIFOs, and extended attributes of every namespace as {@code SCHILY.xattr.<name>} pax records.
 * Sockets are left out. Directories on another filesystem than the root (mount points, such as a
 * mounted {@code /proc}) are archived as empty directories.
 *
 * <p>Entries are named like GNU tar's {@code -C root .} names them: {@code ./}, {@code ./etc/},
 * {@code ./etc/passwd}; each directory's entries follow it, sorted by the bytes of their names, so
 * the same tree always gives the same archive: the same entries in the same order, hard links to the
 * first name in that order, no atime or ctime, no user or group names, pax headers all named
 * {@code ././@PaxHeader} with the entry's mtime, extended attributes sorted by name. Memory stays
 * small whatever the tree's size: the names of the directories being walked, and the first names of
 * files whose other links have not been seen yet.
 *
 * <p>Thread-safe: every call uses its own buffers.
 */
public final class RootfsTarWriter {

    private final TarWriteListener listener;

    public RootfsTarWriter() {
        this(TarWriteListener.IGNORE);
    }

    public RootfsTarWriter(TarWriteListener listener) {
        this.listener = listener;
    }

    /**
     * Writes the tree under {@code rootfs} to {@code finalFile} through an {@link AtomicOutputFile}:
     * {@code finalFile} is either complete or untouched.
     */
    public TarWriteSummary writeTo(Path rootfs, Path finalFile) {
        return writeTo(rootfs, finalFile, ProgressSink.NONE);
    }

    /** {@link #writeTo(Path, Path)}, telling {@code progress} the bytes of the archive written. */
    public TarWriteSummary writeTo(Path rootfs, Path finalFile, ProgressSink progress) {
        try (AtomicOutputFile file = new AtomicOutputFile(finalFile)) {
            TarWriteSummary summary;
            try (FileOutputStream out = new FileOutputStream(file.temporary().toFile())) {
                summary = write(rootfs, new ProgressOutputStream(out, progress));
            } catch (IOException | RootfsTarException e) {
                FilesystemFullException.writing("the tar archive " + finalFile, file.temporary()).causedBy(e)
                        .ifPresent(full -> {
                            throw full;
                        });
                throw e instanceof RootfsTarException tar ? tar
                        : new RootfsTarException("Cannot write the archive " + finalFile + " of " + rootfs + ": " + e.getMessage(), e);
            }
            file.commit();
            return summary;
        }
    }

    /** Writes the tree under {@code rootfs} as a tar stream to {@code out}, which is flushed but left open. */
    public TarWriteSummary write(Path rootfs, OutputStream out) {
        Walk walk = new Walk(new TarEntryWriter(out));
        try {
            FileStatus root = FileStatus.of(rootfs);
            if (root.type() != FileType.DIRECTORY) {
                throw new RootfsTarException("Cannot archive " + rootfs + ": it is not a directory");
            }
            walk.directory(rootfs, "./", root, root.device());
            walk.entries.finish();
        } catch (IOException e) {
            throw new RootfsTarException("Cannot archive " + rootfs + ": " + e.getMessage(), e);
        }
        return walk.summary();
    }

    /** One depth-first walk of a tree, writing as it goes. */
    private final class Walk {
        final TarEntryWriter entries;
        final ExtendedAttributes xattrs = new ExtendedAttributes();
        final HardLinks hardLinks = new HardLinks();
        long entryCount;
        long contentBytes;
        long socketsOmitted;
        long mountPointsNotCrossed;

        Walk(TarEntryWriter entries) {
            this.entries = entries;
        }

        TarWriteSummary summary() {
            return new TarWriteSummary(entryCount, contentBytes, socketsOmitted, mountPointsNotCrossed);
        }

        void directory(Path path, String name, FileStatus status, long rootDevice) throws IOException {
            write(TarEntryWriter.entry(name, TarConstants.LF_DIR, status), path);
            if (status.device() != rootDevice) {
                mountPointsNotCrossed++;
                listener.omitted(name, TarWriteListener.Omission.OTHER_FILESYSTEM);
                return;
            }
            // Pinned: below the handle's /proc path, every name is looked up in this very directory,
            // so a directory swapped for a symlink meanwhile (by a process still running in the
            // tree) cannot lead the walk anywhere else; the last component is never followed.
            try (Fd pinned = pin(path, name, status)) {
                Path here = AtCalls.procPath(pinned);
                for (String child : DirectoryNames.sorted(here)) {
                    Path childPath = here.resolve(child);
                    FileStatus childStatus = FileStatus.of(childPath);
                    String childName = name + child;
                    if (childStatus.type() == FileType.DIRECTORY) {
                        directory(childPath, childName + "/", childStatus, rootDevice);
                    } else {
                        nonDirectory(childPath, childName, childStatus);
                    }
                }
            }
        }

        private Fd pin(Path path, String name, FileStatus status) throws IOException {
            Fd pinned;
            try {
                pinned = AtCalls.openDirectoryNoFollow(path);
            } catch (NativeCallException e) {
                throw new IOException(name + " changed while it was archived (" + e.getMessage() + ")", e);
            }
            if (!AtCalls.isFile(pinned, status.device(), status.inode())) {
                pinned.close();
                throw new IOException(name + " changed while it was archived (another directory is there now)");
            }
            return pinned;
        }

        void nonDirectory(Path path, String name, FileStatus status) throws IOException {
            if (status.type() == FileType.SOCKET) {
                socketsOmitted++;
                listener.omitted(name, TarWriteListener.Omission.SOCKET);
                return;
            }
            Optional<String> firstName = hardLinks.firstNameOf(name, status);
            if (firstName.isPresent()) {
                TarArchiveEntry link = TarEntryWriter.entry(name, TarConstants.LF_LINK, status);
                link.setLinkName(firstName.get());
                entries.write(link, Collections.emptySortedMap()); // the attributes went with the first name
                entryCount++;
                return;
            }
            switch (status.type()) {
                case REGULAR -> {
                    TarArchiveEntry file = TarEntryWriter.entry(name, TarConstants.LF_NORMAL, status);
                    file.setSize(status.size());
                    entries.write(file, xattrs.read(path), path);
                    entryCount++;
                    contentBytes += status.size();
                }
                case SYMLINK -> {
                    TarArchiveEntry symlink = TarEntryWriter.entry(name, TarConstants.LF_SYMLINK, status);
                    symlink.setLinkName(Files.readSymbolicLink(path).toString());
                    write(symlink, path);
                }
                case CHARACTER_DEVICE -> write(device(name, TarConstants.LF_CHR, status), path);
                case BLOCK_DEVICE -> write(device(name, TarConstants.LF_BLK, status), path);
                case FIFO -> write(TarEntryWriter.entry(name, TarConstants.LF_FIFO, status), path);
                default -> throw new IllegalStateException("not a non-directory: " + status.type());
            }
        }

        private TarArchiveEntry device(String name, byte linkFlag, FileStatus status) {
            TarArchiveEntry device = TarEntryWriter.entry(name, linkFlag, status);
            device.setDevMajor(status.deviceMajor());
            device.setDevMinor(status.deviceMinor());
            return device;
        }

        private void write(TarArchiveEntry entry, Path path) throws IOException {
            SortedMap<String, byte[]> attributes = xattrs.read(path);
            entries.write(entry, attributes);
            entryCount++;
        }
    }
}
