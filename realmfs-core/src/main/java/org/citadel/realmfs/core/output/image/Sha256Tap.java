package org.citadel.realmfs.core.output.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.citadel.realmfs.core.output.image.verity.DataTap;

/** The sha256 of all the data shown to it: Citadel's {@code shasum}. */
final class Sha256Tap implements DataTap {
    private final MessageDigest sha256;

    Sha256Tap() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no SHA-256", e);
        }
    }

    @Override
    public void accept(long offset, byte[] chunk, int length) {
        sha256.update(chunk, 0, length);
    }

    String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
