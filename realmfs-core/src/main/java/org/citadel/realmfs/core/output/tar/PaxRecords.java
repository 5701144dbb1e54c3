package org.citadel.realmfs.core.output.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records of a POSIX.1-2001 extended header: {@code "<length> <key>=<value>\n"}, where length
 * counts the whole record in bytes. Values are raw bytes, since GNU tar writes the binary values of
 * extended attributes ({@code SCHILY.xattr.<name>}) unencoded; commons-compress would re-encode them
 * as UTF-8 and corrupt them, which is why this class exists.
 */
final class PaxRecords {

    static final String XATTR_PREFIX = "SCHILY.xattr.";

    private final ByteArrayOutputStream records = new ByteArrayOutputStream(256);

    PaxRecords add(String key, String value) {
        return add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    PaxRecords add(String key, byte[] value) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int withoutLength = 1 + keyBytes.length + 1 + value.length + 1; // " key=value\n"
        int length = withoutLength + Integer.toString(withoutLength).length();
        if (Integer.toString(length).length() != Integer.toString(withoutLength).length()) {
            length++; // the length's own digits carried it to one more digit
        }
        records.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
        records.writeBytes(keyBytes);
        records.write('=');
        records.writeBytes(value);
        records.write('\n');
        return this;
    }

    byte[] toByteArray() {
        return records.toByteArray();
    }

    /** The records of an extended header in order, later ones replacing earlier ones with the same key. */
    static Map<String, byte[]> decode(byte[] header) {
        Map<String, byte[]> decoded = new LinkedHashMap<>();
        int position = 0;
        while (position < header.length && header[position] != 0) {
            int space = indexOf(header, (byte) ' ', position);
            int length = parseLength(header, position, space);
            int end = position + length;
            int equals = indexOf(header, (byte) '=', space);
            if (end > header.length || equals < 0 || equals >= end || header[end - 1] != '\n') {
                throw new RootfsTarException("Malformed pax extended header record at byte " + position);
            }
            String key = new String(header, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            decoded.put(key, Arrays.copyOfRange(header, equals + 1, end - 1));
            position = end;
        }
        return decoded;
    }

    private static int parseLength(byte[] header, int from, int space) {
        if (space <= from) {
            throw new RootfsTarException("Malformed pax extended header record at byte " + from);
        }
        try {
            return Integer.parseInt(new String(header, from, space - from, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new RootfsTarException("Malformed pax extended header record length at byte " + from, e);
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
