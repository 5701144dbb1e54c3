package org.citadel.realmfs.core.output.image;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.citadel.realmfs.api.InvalidRecipeException;

/** An ed25519 public key: 32 bytes, written as 64 hex digits. */
public final class VerifyingKey {
    static final int KEY_BYTES = 32;
    /** The X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410); the 32 key bytes follow. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final byte[] key;

    private VerifyingKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new InvalidRecipeException("An ed25519 public key has " + KEY_BYTES + " bytes (64 hex digits), got "
                    + key.length);
        }
        this.key = key.clone();
    }

    public static VerifyingKey fromHex(String hex) {
        try {
            return new VerifyingKey(HexFormat.of().parseHex(hex.strip()));
        } catch (IllegalArgumentException e) {
            throw new InvalidRecipeException("The public key '" + hex + "' is not hex", e);
        }
    }

    public static VerifyingKey fromBytes(byte[] key) {
        return new VerifyingKey(key);
    }

    public byte[] bytes() {
        return key.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(key);
    }

    /** Whether {@code signature} is this key's ed25519 signature of {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK could not verify with Ed25519", e);
        }
    }

    /** This key as a JDK {@link PublicKey} of algorithm Ed25519. */
    public PublicKey publicKey() throws GeneralSecurityException {
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_BYTES);
        System.arraycopy(key, 0, encoded, X509_PREFIX.length, KEY_BYTES);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }

    static byte[] rawBytesOf(PublicKey publicKey) {
        byte[] encoded = publicKey.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - KEY_BYTES, encoded.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifyingKey that && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "VerifyingKey[" + hex() + "]";
    }
}
