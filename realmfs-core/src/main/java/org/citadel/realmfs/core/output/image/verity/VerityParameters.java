package org.citadel.realmfs.core.output.image.verity;

import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * The choices {@code veritysetup format} makes at random: the salt and the superblock's UUID.
 * Giving the same values to both makes their hash files byte-identical.
 */
public final class VerityParameters {
    /** The salt length {@code veritysetup} uses by default and Citadel records. */
    public static final int DEFAULT_SALT_BYTES = 32;
    /** The superblock has room for this many salt bytes. */
    public static final int MAX_SALT_BYTES = 256;

    private final byte[] salt;
    private final UUID uuid;

    private VerityParameters(byte[] salt, UUID uuid) {
        if (salt.length > MAX_SALT_BYTES) {
            throw new IllegalArgumentException("A verity salt holds at most " + MAX_SALT_BYTES
                    + " bytes, this one has " + salt.length);
        }
        this.salt = salt.clone();
        this.uuid = Objects.requireNonNull(uuid, "uuid");
    }

    public static VerityParameters of(byte[] salt, UUID uuid) {
        return new VerityParameters(salt, uuid);
    }

    /** The salt given as hex digits (as in {@code verity-salt}), with a random UUID. */
    public static VerityParameters withSaltHex(String saltHex) {
        return new VerityParameters(parseHex("verity salt", saltHex), UUID.randomUUID());
    }

    public byte[] salt() {
        return salt.clone();
    }

    public String saltHex() {
        return HexFormat.of().formatHex(salt);
    }

    public UUID uuid() {
        return uuid;
    }

    private static byte[] parseHex(String what, String hex) {
        try {
            return HexFormat.of().parseHex(Objects.requireNonNull(hex, what));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + what + " '" + hex + "' is not an even number of hex digits", e);
        }
    }
}
