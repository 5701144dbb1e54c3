package org.citadel.realmfs.core.output.tar;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes entries to a tar stream: a ustar header per entry, preceded by a pax extended header when
 * the entry has extended attributes or a name, link target or number that ustar cannot hold.
 *
 * <p>The pax header is written here rather than by commons-compress because its values must be raw
 * bytes (see {@link PaxRecords}); commons-compress is set to truncate long names and to write big
 * numbers in binary, so that it never adds a second extended header of its own.
 */
final class TarEntryWriter {

    private static final String PAX_HEADER_NAME = "././@PaxHeader";
    private static final int USTAR_NAME_LENGTH = 100;
    private static final long USTAR_MAX_SIZE = 077777777777L;
    private static final long USTAR_MAX_ID = 07777777L;
    private static final int COPY_BUFFER_SIZE = 256 * 1024;
    /** GNU tar's record size: the archive's length is padded to a multiple of it. */
    private static final int RECORD_SIZE = 10240;
    /**
     * commons-compress writes every 512-byte tar block to its stream separately; without this
     * buffer, each would be a system call.
     */
    private static final int OUTPUT_BUFFER_SIZE = 1024 * 1024;

    private final TarArchiveOutputStream tar;
    private final byte[] copyBuffer = new byte[COPY_BUFFER_SIZE];
    private final ByteBuffer copyByteBuffer = ByteBuffer.wrap(copyBuffer);

    TarEntryWriter(OutputStream out) {
        tar = new TarArchiveOutputStream(new BufferedOutputStream(out, OUTPUT_BUFFER_SIZE), RECORD_SIZE,
                StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
    }

    /** A ustar entry carrying {@code status}'s owner, permissions and mtime, without user and group names. */
    static TarArchiveEntry entry(String name, byte linkFlag, FileStatus status) {
        TarArchiveEntry entry = new TarArchiveEntry(name, linkFlag, true);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setUserId(status.uid());
        entry.setGroupId(status.gid());
        entry.setMode(status.permissions());
        entry.setModTime(FileTime.from(status.mtimeSeconds(), TimeUnit.SECONDS));
        return entry;
    }

    /** Writes an entry without contents (all but regular files). */
    void write(TarArchiveEntry entry, SortedMap<String, byte[]> xattrs) throws IOException {
        put(entry, xattrs);
        tar.closeArchiveEntry();
    }

    /** Writes a regular file's entry, whose size must be set, followed by that many bytes of {@code file}. */
    void write(TarArchiveEntry entry, SortedMap<String, byte[]> xattrs, Path file) throws IOException {
        put(entry, xattrs);
        long expected = entry.getSize();
        long copied = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (copied < expected) {
                copyByteBuffer.clear().limit((int) Math.min(COPY_BUFFER_SIZE, expected - copied));
                int read = channel.read(copyByteBuffer);
                if (read < 0) {
                    throw new RootfsTarException(file + " shrank from " + expected + " to " + copied
                            + " bytes while it was being archived; archive a tree nothing is writing to");
                }
                tar.write(copyBuffer, 0, read);
                copied += read;
            }
        }
        tar.closeArchiveEntry();
    }

    /** Ends the archive and flushes it; the underlying stream stays open. */
    void finish() throws IOException {
        tar.finish();
    }

    private void put(TarArchiveEntry entry, SortedMap<String, byte[]> xattrs) throws IOException {
        PaxRecords pax = extendedRecordsOf(entry, xattrs);
        if (pax != null) {
            byte[] records = pax.toByteArray();
            TarArchiveEntry header = new TarArchiveEntry(PAX_HEADER_NAME, TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
            header.setUserName("");
            header.setGroupName("");
            header.setMode(0644);
            header.setModTime(entry.getLastModifiedTime());
            header.setSize(records.length);
            tar.putArchiveEntry(header);
            tar.write(records);
            tar.closeArchiveEntry();
        }
        tar.putArchiveEntry(entry);
    }

    /** The extended records {@code entry} needs, or null when its ustar header says it all (the common case). */
    private static PaxRecords extendedRecordsOf(TarArchiveEntry entry, SortedMap<String, byte[]> xattrs) {
        PaxRecords pax = null;
        if (!fitsUstar(entry.getName())) {
            pax = new PaxRecords().add("path", entry.getName());
        }
        if (!fitsUstar(entry.getLinkName())) {
            pax = orNew(pax).add("linkpath", entry.getLinkName());
        }
        if (entry.getSize() > USTAR_MAX_SIZE) {
            pax = orNew(pax).add("size", Long.toString(entry.getSize()));
        }
        if (entry.getLongUserId() > USTAR_MAX_ID) {
            pax = orNew(pax).add("uid", Long.toString(entry.getLongUserId()));
        }
        if (entry.getLongGroupId() > USTAR_MAX_ID) {
            pax = orNew(pax).add("gid", Long.toString(entry.getLongGroupId()));
        }
        long mtime = entry.getLastModifiedTime().to(TimeUnit.SECONDS);
        if (mtime < 0 || mtime > USTAR_MAX_SIZE) {
            pax = orNew(pax).add("mtime", Long.toString(mtime));
        }
        for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
            pax = orNew(pax).add(PaxRecords.XATTR_PREFIX + xattr.getKey(), xattr.getValue());
        }
        return pax;
    }

    private static PaxRecords orNew(PaxRecords pax) {
        return pax == null ? new PaxRecords() : pax;
    }

    private static boolean fitsUstar(String name) {
        if (name.length() > USTAR_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
