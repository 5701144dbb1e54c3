package org.citadel.realmfs.core.output.tar;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads the entries of a ustar, GNU or pax tar stream one at a time.
 *
 * <p>It reads pax extended headers itself rather than through commons-compress, because the values
 * of {@code SCHILY.xattr.*} records are raw binary (a file capability, for instance) and
 * commons-compress decodes them as UTF-8, which corrupts them.
 */
final class TarInput {

    private static final int BLOCK = 512;
    private static final int MAX_HEADER_CONTENT = 16 * 1024 * 1024;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private final Map<String, byte[]> globalRecords = new HashMap<>();
    private long contentLeft;
    private long paddingLeft;
    private long headerOffset;
    private long offset;

    TarInput(InputStream in) {
        this.in = in;
    }

    /** The next entry, or empty at the end of the archive; skips what is left of the previous entry's content. */
    Optional<TarEntry> next() throws IOException {
        skip(contentLeft + paddingLeft);
        contentLeft = 0;
        paddingLeft = 0;
        Map<String, byte[]> records = new HashMap<>(globalRecords);
        String longName = null;
        String longLinkName = null;
        while (true) {
            headerOffset = offset;
            readFully(header, 0, BLOCK);
            if (isZero(header)) {
                return Optional.empty();
            }
            verifyChecksum();
            byte type = header[156];
            long size = number(124, 12);
            switch (type) {
                case 'x' -> records.putAll(PaxRecords.decode(readHeaderContent(size)));
                case 'g' -> globalRecords.putAll(PaxRecords.decode(readHeaderContent(size)));
                case 'L' -> longName = cString(readHeaderContent(size), 0, (int) size);
                case 'K' -> longLinkName = cString(readHeaderContent(size), 0, (int) size);
                default -> {
                    TarEntry entry = entry(type, records, longName, longLinkName);
                    contentLeft = entry.size();
                    paddingLeft = padding(entry.size());
                    return Optional.of(entry);
                }
            }
        }
    }

    /** The content of the entry {@link #next()} returned last; read it before calling {@code next()} again. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int from, int length) throws IOException {
                if (contentLeft == 0) {
                    return -1;
                }
                int read = in.read(buffer, from, (int) Math.min(length, contentLeft));
                if (read < 0) {
                    throw new EOFException("The tar archive ends inside the content of an entry");
                }
                contentLeft -= read;
                offset += read;
                return read;
            }
        };
    }

    private TarEntry entry(byte type, Map<String, byte[]> records, String longName, String longLinkName) {
        if (records.keySet().stream().anyMatch(key -> key.startsWith("GNU.sparse."))) {
            throw unsupported("a sparse file");
        }
        String name = text(records, "path").orElse(longName != null ? longName : ustarName());
        String linkName = text(records, "linkpath").orElse(longLinkName != null ? longLinkName : cString(header, 157, 100));
        long size = text(records, "size").map(Long::parseLong).orElse(number(124, 12));
        TarEntry.Type entryType = switch (type) {
            case '0', 0, '7' -> name.endsWith("/") ? TarEntry.Type.DIRECTORY : TarEntry.Type.FILE;
            case '1' -> TarEntry.Type.HARD_LINK;
            case '2' -> TarEntry.Type.SYMLINK;
            case '3' -> TarEntry.Type.CHARACTER_DEVICE;
            case '4' -> TarEntry.Type.BLOCK_DEVICE;
            case '5' -> TarEntry.Type.DIRECTORY;
            case '6' -> TarEntry.Type.FIFO;
            default -> throw unsupported("type '" + (char) type + "'");
        };
        return new TarEntry(name, entryType,
                (int) number(100, 8) & 07777,
                text(records, "uid").map(Long::parseLong).orElse(number(108, 8)),
                text(records, "gid").map(Long::parseLong).orElse(number(116, 8)),
                size,
                text(records, "mtime").map(TarInput::paxTime).orElse(FileTime.from(number(136, 12), TimeUnit.SECONDS)),
                linkName,
                (int) number(329, 8),
                (int) number(337, 8),
                xattrs(records));
    }

    private String ustarName() {
        String name = cString(header, 0, 100);
        boolean posixUstar = header[257] == 'u' && header[262] == 0; // GNU's "ustar  " uses the prefix bytes otherwise
        String prefix = posixUstar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static SortedMap<String, byte[]> xattrs(Map<String, byte[]> records) {
        SortedMap<String, byte[]> xattrs = new TreeMap<>();
        records.forEach((key, value) -> {
            if (key.startsWith(PaxRecords.XATTR_PREFIX)) {
                xattrs.put(key.substring(PaxRecords.XATTR_PREFIX.length()), value);
            }
        });
        return xattrs.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(xattrs);
    }

    private static Optional<String> text(Map<String, byte[]> records, String key) {
        byte[] value = records.get(key);
        return value == null ? Optional.empty() : Optional.of(new String(value, StandardCharsets.UTF_8));
    }

    /** A pax time: decimal seconds since the epoch with an optional fraction, like "1700000000.25". */
    private static FileTime paxTime(String value) {
        int dot = value.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? value : value.substring(0, dot));
        long nanos = 0;
        if (dot >= 0) {
            String fraction = (value.substring(dot + 1) + "000000000").substring(0, 9);
            nanos = Long.parseLong(fraction);
            if (value.startsWith("-")) {
                nanos = -nanos;
            }
        }
        return FileTime.from(Instant.ofEpochSecond(seconds, nanos));
    }

    private byte[] readHeaderContent(long size) throws IOException {
        if (size > MAX_HEADER_CONTENT) {
            throw malformed("an extended header of " + size + " bytes");
        }
        byte[] content = new byte[(int) size];
        readFully(content, 0, content.length);
        skip(padding(size));
        return content;
    }

    /** An octal number, or a base-256 one (GNU and star's encoding of big numbers) when the high bit is set. */
    private long number(int from, int length) {
        if ((header[from] & 0x80) != 0) {
            long value = header[from] & 0x3f;
            for (int i = from + 1; i < from + length; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        long value = 0;
        int i = from;
        while (i < from + length && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        for (; i < from + length && header[i] >= '0' && header[i] <= '7'; i++) {
            value = value * 8 + (header[i] - '0');
        }
        return value;
    }

    private void verifyChecksum() {
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        long recorded = number(148, 8);
        if (recorded != unsigned && recorded != signed) {
            throw malformed("a header whose checksum does not match");
        }
    }

    private RootfsTarException malformed(String what) {
        return new RootfsTarException("The tar archive is damaged or not a tar archive: " + what
                + " at byte " + headerOffset);
    }

    private RootfsTarException unsupported(String what) {
        return new RootfsTarException("The tar archive holds " + what + " at byte " + headerOffset
                + ", which a rootfs archive cannot hold; archive the tree with RootfsTarWriter or GNU tar without --sparse");
    }

    private static String cString(byte[] bytes, int from, int length) {
        int end = from;
        while (end < from + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private void readFully(byte[] buffer, int from, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int read = in.read(buffer, from + done, length - done);
            if (read < 0) {
                throw new EOFException("The tar archive ends at byte " + (offset + done)
                        + " without its end-of-archive blocks: it is truncated");
            }
            done += read;
        }
        offset += length;
    }

    private void skip(long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("The tar archive ends inside an entry: it is truncated");
                }
                skipped = 1;
            }
            left -= skipped;
        }
        offset += bytes;
    }
}
