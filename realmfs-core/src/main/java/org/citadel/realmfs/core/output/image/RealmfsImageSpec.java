package org.citadel.realmfs.core.output.image;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.core.output.image.verity.VerityParameters;

/**
 * What RealmFS image to write around an ext4 image: its name, channel, version, timestamp, whether
 * the payload is xz-compressed, and the key that signs it. The {@code dev} channel is signed with
 * Citadel's development key unless another key is given; other channels are unsigned unless one is.
 * Name, channel and timestamp are at most 64 characters each, so the metainfo always fits the header.
 */
public final class RealmfsImageSpec {
    public static final int MAX_VERSION = 999;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern TIMESTAMP = Pattern.compile("[A-Za-z0-9:.+ _-]{1,64}");
    private static final DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final String realmfsName;
    private final String channel;
    private final int version;
    private final String timestamp;
    private final boolean compressed;
    private final Optional<SigningKey> signingKey;
    private final Optional<VerityParameters> verityParameters;

    private RealmfsImageSpec(Builder b) {
        this.realmfsName = requireName("realmfs name", b.realmfsName);
        this.channel = requireName("channel", b.channel);
        if (b.version < 0 || b.version > MAX_VERSION) {
            throw new InvalidRecipeException("The image version " + b.version + " is out of range: Citadel names the file"
                    + " with three digits, so it must be 0 to " + MAX_VERSION);
        }
        this.version = b.version;
        this.timestamp = b.timestamp.orElseGet(() -> TIMESTAMP_FORMAT.format(Instant.now()));
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            throw new InvalidRecipeException("The timestamp '" + timestamp + "' may hold at most 64 letters, digits"
                    + " and : . + _ - or spaces");
        }
        this.compressed = b.compressed;
        this.signingKey = b.signingKey.isPresent() || b.unsigned ? b.signingKey
                : channel.equals("dev") ? Optional.of(SigningKey.development()) : Optional.empty();
        this.verityParameters = b.verityParameters;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String realmfsName() {
        return realmfsName;
    }

    public String channel() {
        return channel;
    }

    public int version() {
        return version;
    }

    public String timestamp() {
        return timestamp;
    }

    public boolean compressed() {
        return compressed;
    }

    /** The key the header is signed with; empty for an unsigned image. */
    public Optional<SigningKey> signingKey() {
        return signingKey;
    }

    /** A fixed verity salt and UUID (for reproducible output); empty to draw them at random. */
    public Optional<VerityParameters> verityParameters() {
        return verityParameters;
    }

    /** {@code citadel-NAME-CHANNEL-NNN.img}, as Citadel expects it. */
    public String imageFileName() {
        return String.format("citadel-%s-%s-%03d.img", realmfsName, channel, version);
    }

    /** {@code verity-hash-NAME-NNN}: the hash tree file written beside the image. */
    public String hashTreeFileName() {
        return String.format("verity-hash-%s-%03d", realmfsName, version);
    }

    private static String requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidRecipeException("The " + what + " '" + value + "' must be 1 to 64 letters, digits,"
                    + " '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    public static final class Builder {
        private String realmfsName = "realmfs";
        private String channel = "dev";
        private int version = 1;
        private Optional<String> timestamp = Optional.empty();
        private boolean compressed = true;
        private Optional<SigningKey> signingKey = Optional.empty();
        private boolean unsigned;
        private Optional<VerityParameters> verityParameters = Optional.empty();

        private Builder() {
        }

        /** Default {@code realmfs}. */
        public Builder name(String name) {
            this.realmfsName = name;
            return this;
        }

        /** Default {@code dev}. */
        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        /** 0 to 999; default 1. */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /** The timestamp text as written in the metainfo; default: the build time as yyyyMMddHHmmss (UTC). */
        public Builder timestamp(String timestamp) {
            this.timestamp = Optional.of(timestamp);
            return this;
        }

        public Builder timestamp(Instant instant) {
            this.timestamp = Optional.of(TIMESTAMP_FORMAT.format(instant));
            return this;
        }

        /** Whether (zero block + data) is xz-compressed; default true. */
        public Builder compressed(boolean compressed) {
            this.compressed = compressed;
            return this;
        }

        public Builder signingKey(SigningKey key) {
            this.signingKey = Optional.of(Objects.requireNonNull(key, "key"));
            this.unsigned = false;
            return this;
        }

        /** Leave the signature zero, even on the {@code dev} channel. */
        public Builder unsigned() {
            this.signingKey = Optional.empty();
            this.unsigned = true;
            return this;
        }

        public Builder verityParameters(VerityParameters parameters) {
            this.verityParameters = Optional.of(Objects.requireNonNull(parameters, "parameters"));
            return this;
        }

        public RealmfsImageSpec build() {
            return new RealmfsImageSpec(this);
        }
    }
}
