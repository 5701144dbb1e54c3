package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent check of a RealmFS image file, written from the design note's account of what
 * Citadel does (realmfs-image-format.md), sharing no code with the library's writer or reader: it
 * parses the header bytes itself, decompresses with the host's {@code xz} as {@code citadel-image
 * decompress} would, checks the installed layout's size, the sha256 of the data at offset 4096, the
 * verity root recomputed by {@code veritysetup}, the ext4 with {@code e2fsck}, and the signature with
 * the channel's key: Citadel's published development key for {@code dev}, else the key the host's
 * configuration gives ({@code /etc/os-release} lines or the {@code citadel.channel=} kernel argument).
 */
final class CitadelImageCheck {
    /** Citadel's published development public key (the design note's seed, derived once by hand). */
    static final String DEV_PUBLIC_KEY = "08c79a0eda3de80ac83d3a8bad145fbaeb8a08d50f747f8815a0e4b133b977ed";
    private static final int BLOCK = 4096;
    private static final Pattern LINE = Pattern.compile("([a-z-]+) = (?:\"([^\"]*)\"|([0-9]+))");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,39}");
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private CitadelImageCheck() {
    }

    /**
     * Every reason Citadel would refuse {@code image} on a host configured with {@code hostConfiguration}
     * (os-release lines and kernel arguments); empty if it would install and activate it.
     */
    static List<String> problems(Path image, List<String> hostConfiguration, Path scratch) throws IOException {
        List<String> problems = new ArrayList<>();
        byte[] header = new byte[BLOCK];
        try (InputStream in = Files.newInputStream(image)) {
            if (in.readNBytes(header, 0, BLOCK) != BLOCK) {
                return List.of("shorter than a header block");
            }
        }
        if (!new String(header, 0, 4, StandardCharsets.US_ASCII).equals("SGOS")) {
            return List.of("no SGOS magic");
        }
        int flags = header[5] & 0xff;
        int length = ByteBuffer.wrap(header).getShort(6) & 0xffff;
        if (length >= 4024) {
            return List.of("metainfo of " + length + " bytes, not less than 4024");
        }
        byte[] metainfoBytes = Arrays.copyOfRange(header, 8, 8 + length);
        byte[] signature = Arrays.copyOfRange(header, 8 + length, 8 + length + 64);
        Map<String, String> metainfo = parse(new String(metainfoBytes, StandardCharsets.UTF_8), problems);
        if (!"realmfs".equals(metainfo.get("image-type"))) {
            problems.add("image-type is " + metainfo.get("image-type"));
        }
        String name = metainfo.getOrDefault("realmfs-name", "");
        if (!NAME.matcher(name).matches()) {
            problems.add("realmfs-name '" + name + "' breaks the name rule");
        }
        long version = u32(metainfo, "version", problems);
        long nblocks = u32(metainfo, "nblocks", problems);
        if (version < 0 || nblocks <= 0) {
            return problems;
        }

        String channel = metainfo.getOrDefault("channel", "");
        Optional<String> key = channel.equals("dev") ? Optional.of(DEV_PUBLIC_KEY) : hostKey(channel, hostConfiguration);
        if (key.isEmpty()) {
            problems.add("no public key for the channel '" + channel + "' on this host");
        } else if (Arrays.equals(signature, new byte[64])) {
            problems.add("unsigned");
        } else if (!verifies(key.get(), metainfoBytes, signature)) {
            problems.add("the signature does not verify with " + key.get());
        }

        Path installed = install(image, header, (flags & 0x04) != 0, scratch, problems);
        if (installed == null) {
            return problems;
        }
        long size = Files.size(installed);
        if (size != (nblocks + 1) * BLOCK) {
            problems.add("installed size " + size + " is not (nblocks + 1) * 4096 = " + (nblocks + 1) * BLOCK);
            return problems;
        }
        Path data = scratch.resolve("data");
        String sha256 = copyDataAndHash(installed, nblocks, data);
        if (!sha256.equals(metainfo.get("shasum"))) {
            problems.add("sha256 of the data at 4096 is " + sha256 + ", shasum is " + metainfo.get("shasum"));
        }
        if (HostTool.tryRun("sh", "-c", "command -v veritysetup").exitCode() == 0) {
            String printed = HostTool.run("veritysetup", "format", "--salt=" + metainfo.get("verity-salt"),
                    "--data-blocks=" + nblocks, data.toString(), scratch.resolve("hash-tree").toString());
            Matcher root = Pattern.compile("Root hash:\\s+([0-9a-f]+)").matcher(printed);
            if (!root.find() || !root.group(1).equals(metainfo.get("verity-root"))) {
                problems.add("veritysetup's root hash differs from verity-root " + metainfo.get("verity-root"));
            }
        }
        if (HostTool.tryRun("e2fsck", "-fn", data.toString()).exitCode() != 0) {
            problems.add("no clean ext4 at offset 4096");
        }
        return problems;
    }

    /** The file as it lies in /storage/realms/realmfs-images after {@code citadel-image decompress}. */
    private static Path install(Path image, byte[] header, boolean compressed, Path scratch, List<String> problems)
            throws IOException {
        if (!compressed) {
            return image; // decompress leaves an uncompressed file as it is
        }
        Path xz = scratch.resolve("payload.xz");
        try (RandomAccessFile in = new RandomAccessFile(image.toFile(), "r");
             OutputStream out = Files.newOutputStream(xz)) {
            in.getChannel().transferTo(BLOCK, in.length() - BLOCK, java.nio.channels.Channels.newChannel(out));
        }
        HostTool.run("xz", "-d", xz.toString());
        Path payload = scratch.resolve("payload");
        try (RandomAccessFile file = new RandomAccessFile(payload.toFile(), "rw")) {
            byte[] first = new byte[BLOCK];
            file.readFully(first);
            if (!Arrays.equals(first, new byte[BLOCK])) {
                problems.add("the decompressed payload does not start with a zero block");
                return null;
            }
            file.seek(0);
            file.write(header);
        }
        return payload;
    }

    private static String copyDataAndHash(Path installed, long nblocks, Path data) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(installed.toFile(), "r");
             RandomAccessFile out = new RandomAccessFile(data.toFile(), "rw")) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[BLOCK];
            in.seek(BLOCK);
            for (long i = 0; i < nblocks; i++) {
                in.readFully(block);
                sha256.update(block);
                out.write(block);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** As Citadel: CITADEL_CHANNEL + CITADEL_IMAGE_PUBKEY in os-release, or citadel.channel=NAME:HEX. */
    private static Optional<String> hostKey(String channel, List<String> configuration) {
        for (String line : configuration) {
            if (line.startsWith("citadel.channel=" + channel + ":")) {
                return Optional.of(line.substring(("citadel.channel=" + channel + ":").length()));
            }
        }
        if (configuration.contains("CITADEL_CHANNEL=" + channel)) {
            return configuration.stream().filter(l -> l.startsWith("CITADEL_IMAGE_PUBKEY="))
                    .map(l -> l.substring("CITADEL_IMAGE_PUBKEY=".length())).findFirst();
        }
        return Optional.empty();
    }

    private static boolean verifies(String publicKeyHex, byte[] message, byte[] signature) {
        try {
            byte[] x509 = HexFormat.of().parseHex("302a300506032b6570032100" + publicKeyHex);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> parse(String toml, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : toml.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                values.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
            } else if (!line.isEmpty()) {
                problems.add("metainfo line '" + line + "' does not parse");
            }
        }
        return values;
    }

    private static long u32(Map<String, String> metainfo, String key, List<String> problems) {
        String value = metainfo.get(key);
        if (value == null || value.length() > 10 || Long.parseLong(value) > U32_MAX) {
            problems.add(key + " '" + value + "' is not an unsigned 32-bit number");
            return -1;
        }
        return Long.parseLong(value);
    }
}
