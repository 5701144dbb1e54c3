package org.citadel.realmfs.core.output.image;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.output.image.verity.VerityParameters;

/**
 * A {@link RealmfsImageOutput} resolved for writing: the timestamp fixed, the signing key decoded
 * (the given key, else Citadel's development key for the {@code dev} channel),
 * and the verity salt and UUID either fixed (for reproducible output) or drawn at random.
 */
public record RealmfsImageSpec(RealmfsImageOutput output, String timestamp, Optional<SigningKey> signingKey,
                               Optional<VerityParameters> verityParameters) {

    public RealmfsImageSpec {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(verityParameters, "verityParameters");
    }

    public static RealmfsImageSpec of(RealmfsImageOutput output) {
        // RealmfsImageOutput refuses unsigned images and a dev image with another key than the development key
        Optional<SigningKey> key = Optional.of(output.signingKeyHex().map(SigningKey::fromHex)
                .orElseGet(SigningKey::development));
        return new RealmfsImageSpec(output,
                output.timestamp().orElseGet(() -> RealmfsImageOutput.TIMESTAMP_FORMAT.format(Instant.now())),
                key, Optional.empty());
    }

    /** The same spec with a fixed verity salt and UUID. */
    public RealmfsImageSpec withVerityParameters(VerityParameters parameters) {
        return new RealmfsImageSpec(output, timestamp, signingKey, Optional.of(parameters));
    }

    public String realmfsName() {
        return output.name();
    }

    public String channel() {
        return output.channel();
    }

    public int version() {
        return output.version();
    }

    public boolean compressed() {
        return output.compressed();
    }

    /** {@code citadel-realmfs-CHANNEL-NNN.img} as Citadel's tool names it, or {@code NAME-realmfs.img} as installed. */
    public String imageFileName() {
        return output.path().getFileName().toString();
    }

    /** {@code verity-hash-NAME-NNN}: the hash tree file written beside the image. */
    public String hashTreeFileName() {
        return output.hashTreePath().getFileName().toString();
    }
}
