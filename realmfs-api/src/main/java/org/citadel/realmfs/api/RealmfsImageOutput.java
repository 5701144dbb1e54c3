package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The RealmFS image file Citadel installs: ext4 data, dm-verity hash tree (written beside it),
 * sha256, optional xz compression, and a signed 4096-byte header. Written into {@link #directory()}
 * under the name Citadel expects ({@code citadel-realmfs-CHANNEL-NNN.img} for the name
 * {@code realmfs}).
 *
 * @param signingKeyHex the 32-byte ed25519 seed as 64 hex digits; empty: the {@code dev} channel is
 *                      signed with Citadel's development key, other channels are left unsigned
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
        OptionalLong ext4SizeBytes) implements Output {

    public RealmfsImageOutput {
        if (directory == null) {
            throw new InvalidRecipeException("A RealmFS image output needs a directory");
        }
        requireName("image name", name);
        requireName("channel", channel);
        if (version < 0 || version > 999) {
            throw new InvalidRecipeException("RealmFS image version " + version + " is out of range 0..999");
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(signingKeyHex, "signingKeyHex");
        Objects.requireNonNull(ext4SizeBytes, "ext4SizeBytes");
        signingKeyHex.ifPresent(RealmfsImageOutput::requireSeed);
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    @Override
    public String kind() {
        return "realmfs";
    }

    /** The image file this output writes. */
    @Override
    public Path path() {
        return directory.resolve(String.format("citadel-%s-%s-%03d.img", name, channel, version));
    }

    @Override
    public String toString() {
        // Never print the key.
        return "RealmfsImageOutput[" + path() + ", compressed=" + compressed
                + ", signed=" + (signingKeyHex.isPresent() ? "with the given key" : channel.equals("dev") ? "dev key" : "no")
                + "]";
    }

    private static void requireName(String what, String value) {
        if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new InvalidRecipeException("RealmFS " + what + " '" + value
                    + "' may only hold letters, digits, '_' and '-' (at most 64)");
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

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder timestamp(String timestamp) {
            this.timestamp = Optional.of(timestamp);
            return this;
        }

        public Builder compressed(boolean compressed) {
            this.compressed = compressed;
            return this;
        }

        /** The 32-byte ed25519 seed, as 64 hex digits. */
        public Builder signingKeyHex(String seedHex) {
            this.signingKeyHex = Optional.of(seedHex.strip());
            return this;
        }

        public Builder ext4SizeBytes(long bytes) {
            this.ext4SizeBytes = OptionalLong.of(bytes);
            return this;
        }

        public RealmfsImageOutput build() {
            return new RealmfsImageOutput(directory, name, channel, version, timestamp, compressed,
                    signingKeyHex, ext4SizeBytes);
        }
    }
}
