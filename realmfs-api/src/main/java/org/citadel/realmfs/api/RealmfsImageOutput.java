package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The RealmFS image file Citadel installs: ext4 data, dm-verity hash tree (written beside it),
 * sha256, optional xz compression, and a signed 4096-byte header. Written into {@link #directory()}
 * under the name Citadel expects ({@code citadel-realmfs-CHANNEL-NNN.img} for the name
 * {@code realmfs}). Name, channel and timestamp are bounded so the header's metainfo always fits.
 *
 * @param signingKeyHex the 32-byte ed25519 seed as 64 hex digits; empty: the {@code dev} channel is
 *                      signed with Citadel's development key, other channels are left unsigned
 * @param unsigned      leave the signature empty even on the {@code dev} channel
 * @param timestamp     empty for the build's time
 * @param ext4SizeBytes empty to size the ext4 data from the content with headroom
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
        OptionalLong ext4SizeBytes) implements Output {

    public static final int MAX_VERSION = 999;
    /** How a timestamp is written when none is given: the build time as yyyyMMddHHmmss, UTC. */
    public static final DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    public RealmfsImageOutput {
        if (directory == null) {
            throw new InvalidRecipeException("A RealmFS image output needs a directory");
        }
        requireName("realmfs name", name);
        requireName("channel", channel);
        if (version < 0 || version > MAX_VERSION) {
            throw new InvalidRecipeException("The image version " + version + " is out of range: Citadel names the"
                    + " file with three digits, so it must be 0 to " + MAX_VERSION);
        }
        Objects.requireNonNull(timestamp, "timestamp");
        timestamp.ifPresent(RealmfsImageOutput::requireTimestamp);
        Objects.requireNonNull(signingKeyHex, "signingKeyHex");
        signingKeyHex.ifPresent(RealmfsImageOutput::requireSeed);
        if (unsigned && signingKeyHex.isPresent()) {
            throw new InvalidRecipeException("A RealmFS image cannot be both unsigned and signed with a given key");
        }
        Objects.requireNonNull(ext4SizeBytes, "ext4SizeBytes");
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    @Override
    public String kind() {
        return "realmfs";
    }

    /** The image file this output writes: {@code citadel-NAME-CHANNEL-NNN.img}. */
    @Override
    public Path path() {
        return directory.resolve(String.format("citadel-%s-%s-%03d.img", name, channel, version));
    }

    /** The dm-verity hash tree written beside the image: {@code verity-hash-NAME-NNN}. */
    public Path hashTreePath() {
        return directory.resolve(String.format("verity-hash-%s-%03d", name, version));
    }

    @Override
    public String toString() {
        // Never print the key.
        return "RealmfsImageOutput[" + path() + ", compressed=" + compressed + ", signed="
                + (signingKeyHex.isPresent() ? "with the given key" : !unsigned && channel.equals("dev") ? "dev key" : "no")
                + "]";
    }

    private static void requireName(String what, String value) {
        if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new InvalidRecipeException("The " + what + " '" + value + "' must be 1 to 64 letters, digits,"
                    + " '_' or '-', starting with a letter or digit");
        }
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

    /** Builds a {@link RealmfsImageOutput}; defaults: name realmfs, channel dev, version 1, compressed. */
    public static final class Builder {
        private final Path directory;
        private String name = "realmfs";
        private String channel = "dev";
        private int version = 1;
        private Optional<String> timestamp = Optional.empty();
        private boolean compressed = true;
        private Optional<String> signingKeyHex = Optional.empty();
        private boolean unsigned;
        private OptionalLong ext4SizeBytes = OptionalLong.empty();

        private Builder(Path directory) {
            this.directory = directory;
        }

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

        /** Leave the signature empty, even on the {@code dev} channel. */
        public Builder unsigned() {
            this.signingKeyHex = Optional.empty();
            this.unsigned = true;
            return this;
        }

        public Builder ext4SizeBytes(long bytes) {
            this.ext4SizeBytes = OptionalLong.of(bytes);
            return this;
        }

        public RealmfsImageOutput build() {
            return new RealmfsImageOutput(directory, name, channel, version, timestamp, compressed,
                    signingKeyHex, unsigned, ext4SizeBytes);
        }
    }
}
