package org.citadel.realmfs.core.output.image.header;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metainfo of a RealmFS image: the TOML text in its header, one {@code key = value} per line, in
 * the order Citadel's own tool writes them. Hashes are lowercase hex.
 */
public record Metainfo(String realmfsName, String channel, long version, String timestamp, long nblocks,
                       String shasum, String veritySalt, String verityRoot) {
    public static final String IMAGE_TYPE = "realmfs";
    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final Pattern LINE = Pattern.compile("([a-z-]+)\\s*=\\s*(?:\"([^\"\\\\]*)\"|(\\d+))\\s*");

    public Metainfo {
        requireString("realmfs-name", realmfsName);
        requireString("channel", channel);
        requireString("timestamp", timestamp);
        requireString("shasum", shasum);
        requireString("verity-salt", veritySalt);
        requireString("verity-root", verityRoot);
        requireU32("version", version);
        requireU32("nblocks", nblocks);
    }

    public String toToml() {
        return "image-type = \"" + IMAGE_TYPE + "\"\n"
                + "realmfs-name = \"" + realmfsName + "\"\n"
                + "channel = \"" + channel + "\"\n"
                + "version = " + version + "\n"
                + "timestamp = \"" + timestamp + "\"\n"
                + "nblocks = " + nblocks + "\n"
                + "shasum = \"" + shasum + "\"\n"
                + "verity-salt = \"" + veritySalt + "\"\n"
                + "verity-root = \"" + verityRoot + "\"\n";
    }

    public byte[] toBytes() {
        return toToml().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the metainfo of a RealmFS image; keys it does not know are ignored. */
    public static Metainfo parse(String toml) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : toml.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw new MalformedImageException("Metainfo line '" + line + "' is not key = \"string\" or key = integer");
            }
            values.put(matcher.group(1), matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
        }
        String imageType = required(values, "image-type");
        if (!imageType.equals(IMAGE_TYPE)) {
            throw new MalformedImageException("The image-type is '" + imageType + "', not '" + IMAGE_TYPE + "'");
        }
        return new Metainfo(required(values, "realmfs-name"), required(values, "channel"),
                number(values, "version"), required(values, "timestamp"), number(values, "nblocks"),
                required(values, "shasum"), required(values, "verity-salt"), required(values, "verity-root"));
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new MalformedImageException("The metainfo has no '" + key + "'");
        }
        return value;
    }

    private static long number(Map<String, String> values, String key) {
        if (required(values, key).length() > 12) {
            throw new MalformedImageException("The metainfo's '" + key + "' " + values.get(key)
                    + " is not an unsigned 32-bit number, as Citadel reads it");
        }
        try {
            return Long.parseLong(required(values, key));
        } catch (NumberFormatException e) {
            throw new MalformedImageException("The metainfo's '" + key + "' is not an integer: " + values.get(key));
        }
    }

    private static void requireU32(String key, long value) {
        if (value < 0 || value > U32_MAX) {
            throw new MalformedImageException("The metainfo's " + key + " " + value
                    + " is not an unsigned 32-bit number, as Citadel reads it");
        }
    }

    private static void requireString(String key, String value) {
        Objects.requireNonNull(value, key);
        if (value.contains("\"") || value.contains("\\") || value.contains("\n")) {
            throw new IllegalArgumentException("The metainfo's " + key + " '" + value
                    + "' contains a quote, backslash or line break");
        }
    }
}
