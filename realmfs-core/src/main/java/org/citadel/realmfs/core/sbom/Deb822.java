package org.citadel.realmfs.core.sbom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Debian's control-data format (deb822), as dpkg's status file and machine-readable copyright files
 * use it: paragraphs separated by blank lines, each of {@code Name: value} fields whose value goes on
 * over the following lines that start with a space or a tab. Field names are case-insensitive; lines
 * starting with {@code #} are comments.
 */
final class Deb822 {
    private Deb822() {
    }

    /** One paragraph: its fields, looked up by name in any case. */
    record Paragraph(Map<String, String> fields) {
        Paragraph {
            TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(fields);
            fields = Collections.unmodifiableMap(copy);
        }

        /** The field's whole value: its first line, then each continuation line without its first blank. */
        Optional<String> field(String name) {
            return Optional.ofNullable(fields.get(name));
        }

        /** The first line of the field's value, trimmed. */
        Optional<String> firstLine(String name) {
            return field(name).map(value -> {
                int end = value.indexOf('\n');
                return (end < 0 ? value : value.substring(0, end)).trim();
            });
        }
    }

    static List<Paragraph> parse(String text) {
        List<Paragraph> paragraphs = new ArrayList<>();
        Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String field = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isBlank()) {
                field = put(fields, field, value);
                if (!fields.isEmpty()) {
                    paragraphs.add(new Paragraph(fields));
                    fields.clear();
                }
            } else if (line.startsWith("#")) {
                continue;
            } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (field != null) {
                    value.append('\n').append(line.substring(1));
                }
            } else {
                field = put(fields, field, value);
                int colon = line.indexOf(':');
                if (colon > 0) {
                    field = line.substring(0, colon).trim();
                    value.append(line.substring(colon + 1).trim());
                }
            }
        }
        put(fields, field, value);
        if (!fields.isEmpty()) {
            paragraphs.add(new Paragraph(fields));
        }
        return paragraphs;
    }

    /** Ends the field being read: a repeated field keeps its first value. Returns no field. */
    private static String put(Map<String, String> fields, String field, StringBuilder value) {
        if (field != null) {
            fields.putIfAbsent(field, value.toString());
        }
        value.setLength(0);
        return null;
    }
}
