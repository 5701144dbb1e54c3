package org.citadel.realmfs.core.output.image;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.output.image.verity.VerityParameters;
import org.citadel.realmfs.core.rootfs.TreeDigest;

/**
 * A {@link RealmfsImageOutput} resolved for writing: the timestamp fixed, the signing key decoded
 * (the given key, else Citadel's development key for the {@code dev} channel), and the verity salt
 * and UUID fixed. Made {@link #of} a tree and a time, all of it follows from them and the output, so
 * the same rootfs makes the same header, hash tree and signature (ed25519 signs deterministically).
 */
public record RealmfsImageSpec(RealmfsImageOutput output, String timestamp, Optional<SigningKey> signingKey,
                               VerityParameters verityParameters) {

    public RealmfsImageSpec {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(verityParameters, "verityParameters");
    }

    /**
     * The output's own timestamp, else {@code epoch}'s; a verity salt and UUID derived from
     * {@code tree} and the output's name, channel and version (another image of the same tree gets
     * another salt, as Citadel's tool gives every image its own).
     */
    public static RealmfsImageSpec of(RealmfsImageOutput output, TreeDigest tree, Instant epoch) {
        // RealmfsImageOutput refuses unsigned images and a dev image with another key than the development key
        Optional<SigningKey> key = Optional.of(output.signingKeyHex().map(SigningKey::fromHex)
                .orElseGet(SigningKey::development));
        String image = output.name() + "\0" + output.channel() + "\0" + output.version();
        VerityParameters verity = VerityParameters.of(
                tree.derivedBytes("verity salt\0" + image, VerityParameters.DEFAULT_SALT_BYTES),
                tree.nameBasedUuid("verity uuid\0" + image));
        return new RealmfsImageSpec(output,
                output.timestamp().orElseGet(() -> RealmfsImageOutput.TIMESTAMP_FORMAT.format(epoch)),
                key, verity);
    }

    /** The same spec with another verity salt and UUID. */
    public RealmfsImageSpec withVerityParameters(VerityParameters parameters) {
        return new RealmfsImageSpec(output, timestamp, signingKey, parameters);
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

    /** The xz preset of a compressed image. */
    public int xzLevel() {
        return output.xzLevel();
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
