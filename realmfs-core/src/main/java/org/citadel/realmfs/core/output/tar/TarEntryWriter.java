package org.citadel.realmfs.core.output.tar;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/**
 * Lays out a tar stream: for each entry a ustar header block, preceded by a pax extended header
 * when the entry has extended attributes or a name, link target or number that ustar cannot hold,
 * then the file's contents padded to whole blocks; at the end two zero blocks, padded to GNU tar's
 * record size.
 *
 * <p>commons-compress encodes each header block ({@link TarArchiveEntry#writeEntryHeader}); the
 * stream itself is written here for two reasons. Pax values must be raw bytes (see
 * {@link PaxRecords}), which commons-compress re-encodes as UTF-8. And its
 * {@code TarArchiveOutputStream} copies contents three more times than needed, 512 bytes at a time,
 * which made archiving /usr 1.2 to 1.7 times slower than GNU tar; here the contents of a file that
 * is not small go to a file or pipe output with {@link FileChannel#transferTo} (sendfile), never
 * through the JVM, and small files are gathered with their headers into large writes.
 */
final class TarEntryWriter {

    private static final int BLOCK = 512;
    /** GNU tar's record size: the archive's length is padded to a multiple of it. */
    private static final int RECORD_SIZE = 10240;
    private static final int BUFFER_SIZE = 1024 * 1024;
    /** Smaller files are copied into the buffer with their headers, saving a write per file. */
    private static final long SEND_THRESHOLD = 64 * 1024;
    private static final String PAX_HEADER_NAME = "././@PaxHeader";
    private static final int USTAR_NAME_LENGTH = 100;
    private static final long USTAR_MAX_SIZE = 077777777777L;
    private static final long USTAR_MAX_ID = 07777777L;
    private static final ZipEncoding UTF_8 = ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8);

    private final OutputStream stream;
    private final WritableByteChannel out;
    /** Set when {@code out} is a file descriptor, so file contents can be sent kernel to kernel. */
    private final FileChannel outDescriptor;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final byte[] header = new byte[BLOCK];
    private long written;

    TarEntryWriter(OutputStream out) {
        this.stream = out;
        if (out instanceof FileOutputStream file) {
            this.outDescriptor = file.getChannel();
            this.out = outDescriptor;
        } else {
            this.outDescriptor = null;
            this.out = Channels.newChannel(out);
        }
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
        putHeaders(entry, xattrs);
    }

    /** Writes a regular file's entry, whose size must be set, followed by that many bytes of {@code file}. */
    void write(TarArchiveEntry entry, SortedMap<String, byte[]> xattrs, Path file) throws IOException {
        putHeaders(entry, xattrs);
        long size = entry.getSize();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long copied = outDescriptor != null && size > SEND_THRESHOLD ? send(in, size) : copy(in, size);
            if (copied < size) {
                throw new RootfsTarException(file + " shrank from " + size + " to " + copied
                        + " bytes while it was being archived; archive a tree nothing is writing to");
            }
        }
        putZeros(padding(size));
    }

    /** Ends the archive and writes out what is buffered; the underlying stream stays open. */
    void finish() throws IOException {
        putZeros(2 * BLOCK);
        putZeros((int) ((RECORD_SIZE - written % RECORD_SIZE) % RECORD_SIZE));
        flush();
        stream.flush();
    }

    private long send(FileChannel in, long size) throws IOException {
        flush();
        long sent = 0;
        while (sent < size) {
            long count = in.transferTo(sent, size - sent, outDescriptor);
            if (count <= 0) {
                break;
            }
            sent += count;
        }
        written += sent;
        return sent;
    }

    private long copy(FileChannel in, long size) throws IOException {
        long copied = 0;
        while (copied < size) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int limit = buffer.limit();
            buffer.limit((int) Math.min(limit, buffer.position() + (size - copied)));
            int count = in.read(buffer);
            buffer.limit(limit);
            if (count < 0) {
                break;
            }
            copied += count;
            written += count;
        }
        return copied;
    }

    private void putHeaders(TarArchiveEntry entry, SortedMap<String, byte[]> xattrs) throws IOException {
        PaxRecords pax = extendedRecordsOf(entry, xattrs);
        if (pax != null) {
            byte[] records = pax.toByteArray();
            TarArchiveEntry paxHeader = new TarArchiveEntry(PAX_HEADER_NAME, TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
            paxHeader.setUserName("");
            paxHeader.setGroupName("");
            paxHeader.setMode(0644);
            paxHeader.setModTime(entry.getLastModifiedTime());
            paxHeader.setSize(records.length);
            putHeader(paxHeader);
            put(records);
            putZeros(padding(records.length));
        }
        putHeader(entry);
    }

    /** One ustar header block; long names are cut to fit and numbers too big are written in base 256, as pax records follow. */
    private void putHeader(TarArchiveEntry entry) throws IOException {
        entry.writeEntryHeader(header, UTF_8, true);
        put(header);
    }

    private void put(byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int count = Math.min(buffer.remaining(), bytes.length - offset);
            buffer.put(bytes, offset, count);
            offset += count;
            written += count;
        }
    }

    private void putZeros(int count) throws IOException {
        for (int left = count; left > 0; left--) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            buffer.put((byte) 0);
        }
        written += count;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
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
