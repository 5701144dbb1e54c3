package org.citadel.realmfs.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The RealmFS image file Citadel installs: ext4 data, dm-verity hash tree (written beside it),
 * sha256, optional xz compression, and a signed 4096-byte header. Everything Citadel would refuse is
 * refused here, when the output is built: a name outside Citadel's rule, an unsigned image, a
 * {@code dev} image signed with another key than Citadel's development key, a channel other than
 * {@code dev} without a key, sizes beyond the header's unsigned 32-bit fields.
 *
 * <p>Compressed, the file is header + xz(zero block + data), which {@code citadel-image decompress}
 * turns into the installed layout. Uncompressed, the file already is the installed layout: header +
 * data, exactly {@code (nblocks + 1) × 4096} bytes. With {@link #installedName()} it is also named
 * {@code NAME-realmfs.img}, ready to copy into {@code /storage/realms/realmfs-images/}.
 *
 * @param name           the {@code realmfs-name}: see {@link #NAME_RULE}; default {@code base}, the image
 *                       Citadel's realms use unless their config names another
 * @param signingKeyHex  the 32-byte ed25519 seed as 64 hex digits; empty: the {@code dev} channel is
 *                       signed with Citadel's development key; other channels need a key
 * @param unsigned       refused: Citadel verifies every sealed image; kept so the refusal can say why
 * @param timestamp      empty for the build's time
 * @param ext4SizeBytes  a fixed size for the ext4 data; empty to size it as the content plus {@link #freeSpaceBytes()}
 * @param freeSpaceBytes the free space left in the ext4 beyond what the rootfs needs (a sealed image
 *                       cannot be resized later); default {@link #DEFAULT_FREE_SPACE_BYTES}
 * @param installedName  write {@code NAME-realmfs.img} (uncompressed, installed layout) instead of
 *                       {@code citadel-realmfs-CHANNEL-NNN.img}
 * @param xzLevel        the xz preset of a compressed image, 0 (fastest, largest) to 9; default
 *                       {@link #DEFAULT_XZ_LEVEL}, xz's default, which Citadel's own tool uses ({@code xz -T0});
 *                       ignored when uncompressed
 */
public record RealmfsImageOutput(
        Path directory,
        String name,
        String channel,
        int version,
        Optional<String> timestamp,
        boolean compressed,
        Optional<String> signingKeyHex,
        boolean unsigned,
        OptionalLong ext4SizeBytes,
        long freeSpaceBytes,
        boolean installedName,
        int xzLevel) implements Output {

    public static final int MAX_VERSION = 999;
    public static final int MAX_NAME_LENGTH = 40;
    public static final String NAME_RULE = "at most " + MAX_NAME_LENGTH
            + " characters, an ASCII letter first, then only ASCII letters, digits and '-'";
    /** The name of Citadel's base image, which realms use unless configured otherwise. */
    public static final String DEFAULT_NAME = "base";
    public static final String DEV_CHANNEL = "dev";
    /** The seed of Citadel's published development key, the only key Citadel verifies {@code dev} images with. */
    public static final String DEVELOPMENT_KEY_SEED = "bc02a3a4fd4a0471a8cb2f96d8be0a0a2d060798c024e60d7a98482f23197fc0";
    /**
     * 1 GiB: Citadel grows an unsealed RealmFS image when less than 1 GiB is free in it; a sealed
     * image cannot be grown, so it gets that much from the start.
     */
    public static final long DEFAULT_FREE_SPACE_BYTES = 1L << 30;
    /** xz's default preset, the one Citadel's image tool compresses with. */
    public static final int DEFAULT_XZ_LEVEL = 6;
    /** Citadel's header holds metainfo strictly shorter than this. */
    public static final int METAINFO_LIMIT_BYTES = 4024;
    static final long U32_MAX = 0xFFFF_FFFFL;
    private static final long BLOCK = 4096;

    /** How a timestamp is written when none is given: the build time as yyyyMMddHHmmss, UTC. */
    public static final DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    public RealmfsImageOutput {
        if (directory == null) {
            throw new InvalidRecipeException("A RealmFS image output needs a directory");
        }
        if (!isValidName(name)) {
            throw new InvalidRecipeException("The realmfs name '" + name + "' is not one Citadel accepts: it must be "
                    + NAME_RULE);
        }
        if (channel == null || !channel.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new InvalidRecipeException("The channel '" + channel + "' must be 1 to 64 letters, digits,"
                    + " '_' or '-', starting with a letter or digit");
        }
        if (version < 0 || version > MAX_VERSION) {
            throw new InvalidRecipeException("The image version " + version + " is out of range: Citadel names the"
                    + " file with three digits, so it must be 0 to " + MAX_VERSION);
        }
        Objects.requireNonNull(timestamp, "timestamp");
        timestamp.ifPresent(RealmfsImageOutput::requireTimestamp);
        Objects.requireNonNull(signingKeyHex, "signingKeyHex");
        signingKeyHex.ifPresent(RealmfsImageOutput::requireSeed);
        requireVerifiable(channel, signingKeyHex, unsigned);
        Objects.requireNonNull(ext4SizeBytes, "ext4SizeBytes");
        ext4SizeBytes.ifPresent(bytes -> requireBlocks("ext4 size", bytes));
        if (freeSpaceBytes < 0) {
            throw new InvalidRecipeException("The free space of a RealmFS image must not be negative: " + freeSpaceBytes);
        }
        requireBlocks("free space", freeSpaceBytes);
        if (installedName && compressed) {
            throw new InvalidRecipeException("A RealmFS image named " + name + "-realmfs.img is the installed layout,"
                    + " which is uncompressed: do not ask for compression with it");
        }
        if (xzLevel < 0 || xzLevel > 9) {
            throw new InvalidRecipeException("The xz level of a RealmFS image must be 0 to 9 (xz's presets), not "
                    + xzLevel);
        }
        int metainfo = largestMetainfoBytes(name, channel, timestamp.orElse("00000000000000"));
        if (metainfo >= METAINFO_LIMIT_BYTES) {
            throw new InvalidRecipeException("The image's metainfo could take " + metainfo + " bytes; Citadel's header"
                    + " holds less than " + METAINFO_LIMIT_BYTES + ": shorten the name, channel or timestamp");
        }
    }

    /** Whether Citadel accepts {@code name} as a {@code realmfs-name}: see {@link #NAME_RULE}. */
    public static boolean isValidName(String name) {
        return name != null && name.matches("[A-Za-z][A-Za-z0-9-]{0," + (MAX_NAME_LENGTH - 1) + "}");
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    @Override
    public String kind() {
        return "realmfs";
    }

    /** The image file: {@code NAME-realmfs.img} if {@link #installedName()}, else {@code citadel-realmfs-CHANNEL-NNN.img}. */
    @Override
    public Path path() {
        return directory.resolve(installedName ? name + "-realmfs.img"
                : String.format("citadel-realmfs-%s-%03d.img", channel, version));
    }

    /** The dm-verity hash tree written beside the image: {@code verity-hash-NAME-NNN}. */
    public Path hashTreePath() {
        return directory.resolve(String.format("verity-hash-%s-%03d", name, version));
    }

    /** Whether a Citadel host needs this channel's key configured (every channel but {@code dev}). */
    public boolean needsHostKey() {
        return !channel.equals(DEV_CHANNEL);
    }

    @Override
    public String toString() {
        // Never print the key.
        return "RealmfsImageOutput[" + path() + ", name=" + name + ", compressed=" + compressed
                + (compressed ? ", xz level " + xzLevel : "") + ", signed="
                + (signingKeyHex.isPresent() ? "with the given key" : "dev key") + "]";
    }

    private static void requireVerifiable(String channel, Optional<String> signingKeyHex, boolean unsigned) {
        boolean dev = channel.equals(DEV_CHANNEL);
        if (unsigned) {
            throw new InvalidRecipeException("Citadel verifies the signature of every sealed RealmFS image and refuses"
                    + " an unsigned one" + (dev ? ": sign the dev channel with Citadel's development key (the default)"
                    : ": give the '" + channel + "' channel's signing key"));
        }
        if (dev && signingKeyHex.isPresent() && !signingKeyHex.get().equalsIgnoreCase(DEVELOPMENT_KEY_SEED)) {
            throw new InvalidRecipeException("Citadel verifies dev images with its published development key only;"
                    + " an image signed with another key is refused: leave the key out to sign with the development"
                    + " key, or choose another channel for your own key");
        }
        if (!dev && signingKeyHex.isEmpty()) {
            throw new InvalidRecipeException("A '" + channel + "' image needs a signing key: Citadel verifies every"
                    + " sealed RealmFS image and, for any channel but dev, with the key configured on the host. Give"
                    + " the channel's ed25519 seed (64 hex digits), or build for the dev channel");
        }
    }

    private static void requireBlocks(String what, long bytes) {
        if ((bytes + BLOCK - 1) / BLOCK > U32_MAX) {
            throw new InvalidRecipeException("The " + what + " of " + bytes + " bytes is more than Citadel's header can"
                    + " record: nblocks is an unsigned 32-bit number of 4096-byte blocks (at most 16 TiB)");
        }
    }

    /** The metainfo with the widest numbers (version 999, nblocks u32 max) and 64-digit hashes. */
    private static int largestMetainfoBytes(String name, String channel, String timestamp) {
        String hash = "0".repeat(64);
        String toml = "image-type = \"realmfs\"\nrealmfs-name = \"" + name + "\"\nchannel = \"" + channel
                + "\"\nversion = " + MAX_VERSION + "\ntimestamp = \"" + timestamp + "\"\nnblocks = " + U32_MAX
                + "\nshasum = \"" + hash + "\"\nverity-salt = \"" + hash + "\"\nverity-root = \"" + hash + "\"\n";
        return toml.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void requireTimestamp(String value) {
        if (!value.matches("[A-Za-z0-9:.+ _-]{1,64}")) {
            throw new InvalidRecipeException("The timestamp '" + value + "' may hold at most 64 letters, digits"
                    + " and : . + _ - or spaces");
        }
    }

    private static void requireSeed(String hex) {
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new InvalidRecipeException("A signing key must be a 32-byte ed25519 seed written as 64 hex digits;"
                    + " got " + hex.length() + " characters" + (hex.matches("[0-9a-fA-F]*") ? "" : " that are not all hex"));
        }
    }

    /**
     * Builds a {@link RealmfsImageOutput}; defaults: name {@code base}, channel {@code dev} signed with
     * Citadel's development key, version 1, compressed, 1 GiB free space.
     */
    public static final class Builder {
        private final Path directory;
        private String name = DEFAULT_NAME;
        private String channel = DEV_CHANNEL;
        private int version = 1;
        private Optional<String> timestamp = Optional.empty();
        private boolean compressed = true;
        private Optional<String> signingKeyHex = Optional.empty();
        private boolean unsigned;
        private OptionalLong ext4SizeBytes = OptionalLong.empty();
        private long freeSpaceBytes = DEFAULT_FREE_SPACE_BYTES;
        private boolean installedName;
        private int xzLevel = DEFAULT_XZ_LEVEL;

        private Builder(Path directory) {
            this.directory = directory;
        }

        /** The {@code realmfs-name}; see {@link RealmfsImageOutput#NAME_RULE}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        /** 0 to 999; default 1. */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /** The timestamp text as written in the metainfo; default: the build time. */
        public Builder timestamp(String timestamp) {
            this.timestamp = Optional.of(timestamp);
            return this;
        }

        public Builder timestamp(Instant instant) {
            return timestamp(TIMESTAMP_FORMAT.format(instant));
        }

        public Builder compressed(boolean compressed) {
            this.compressed = compressed;
            return this;
        }

        /** The 32-byte ed25519 seed, as 64 hex digits. */
        public Builder signingKeyHex(String seedHex) {
            this.signingKeyHex = Optional.of(seedHex.strip());
            this.unsigned = false;
            return this;
        }

        /** Asks for no signature, which {@link #build()} refuses, saying why: Citadel refuses such an image. */
        public Builder unsigned() {
            this.signingKeyHex = Optional.empty();
            this.unsigned = true;
            return this;
        }

        /** A fixed ext4 size; replaces the free-space sizing. */
        public Builder ext4SizeBytes(long bytes) {
            this.ext4SizeBytes = OptionalLong.of(bytes);
            return this;
        }

        /** The free space the ext4 keeps beyond the rootfs; replaces the default 1 GiB. */
        public Builder freeSpaceBytes(long bytes) {
            this.freeSpaceBytes = bytes;
            return this;
        }

        /** Write {@code NAME-realmfs.img}, uncompressed in the installed layout, ready to copy onto a Citadel host. */
        public Builder installedFile() {
            this.installedName = true;
            this.compressed = false;
            return this;
        }

        /** The xz preset, 0 to 9; replaces the default {@link RealmfsImageOutput#DEFAULT_XZ_LEVEL}. */
        public Builder xzLevel(int level) {
            this.xzLevel = level;
            return this;
        }

        public RealmfsImageOutput build() {
            return new RealmfsImageOutput(directory, name, channel, version, timestamp, compressed,
                    signingKeyHex, unsigned, ext4SizeBytes, freeSpaceBytes, installedName, xzLevel);
        }
    }
}
