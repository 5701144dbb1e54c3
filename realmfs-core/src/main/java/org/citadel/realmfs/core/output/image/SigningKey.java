package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import org.citadel.realmfs.api.InvalidRecipeException;

/**
 * An ed25519 private key kept as Citadel keeps it: its 32-byte seed, written as 64 hex digits.
 * Signs with the JDK's own Ed25519.
 */
public final class SigningKey {
    /** The seed of Citadel's published development key, which signs the {@code dev} channel. */
    public static final String DEVELOPMENT_SEED = org.citadel.realmfs.api.RealmfsImageOutput.DEVELOPMENT_KEY_SEED;
    static final int SEED_BYTES = 32;

    private final byte[] seed;
    private final VerifyingKey verifyingKey;

    private SigningKey(byte[] seed, String origin) {
        if (seed.length != SEED_BYTES) {
            throw new InvalidRecipeException("The signing key " + origin + " has " + seed.length
                    + " bytes; an ed25519 seed has " + SEED_BYTES + " (64 hex digits)");
        }
        this.seed = seed.clone();
        this.verifyingKey = VerifyingKey.fromBytes(derivePublicKey(this.seed));
    }

    /** The seed as 64 hex digits (surrounding white space is ignored). */
    public static SigningKey fromHex(String hex) {
        return new SigningKey(parseHex(hex, "given"), "given");
    }

    /** A file holding the seed as 64 hex digits, as Citadel's key files do. */
    public static SigningKey fromFile(Path file) {
        String origin = "in " + file;
        try {
            return new SigningKey(parseHex(Files.readString(file, StandardCharsets.US_ASCII), origin), origin);
        } catch (IOException e) {
            throw new InvalidRecipeException("Cannot read the signing key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Citadel's development key, whose seed is public: fit only for the {@code dev} channel. */
    public static SigningKey development() {
        return fromHex(DEVELOPMENT_SEED);
    }

    public VerifyingKey verifyingKey() {
        return verifyingKey;
    }

    /** The 64-byte ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey());
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK could not sign with Ed25519", e);
        }
    }

    private PrivateKey privateKey() throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    }

    /**
     * Java 17 has no call that turns a seed into its public key, but its key pair generator draws the
     * seed from the random source it is given and derives the public key from it.
     */
    private static byte[] derivePublicKey(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            return VerifyingKey.rawBytesOf(generator.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK could not derive an Ed25519 public key", e);
        }
    }

    private static byte[] parseHex(String hex, String origin) {
        String digits = hex == null ? "" : hex.strip();
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecipeException("The signing key " + origin + " is not hex: expected "
                    + SEED_BYTES * 2 + " hex digits, got '" + abbreviate(digits) + "'", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 12 ? text : text.substring(0, 12) + "... (" + text.length() + " characters)";
    }

    @Override
    public String toString() {
        return "SigningKey[public " + verifyingKey.hex() + "]";
    }

    /** Hands out the seed as the only "random" bytes: the key pair generator asks for exactly 32. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] target) {
            if (target.length != bytes.length) {
                throw new IllegalStateException("Asked for " + target.length + " random bytes, expected a seed of "
                        + bytes.length);
            }
            System.arraycopy(bytes, 0, target, 0, bytes.length);
        }
    }
}
