package org.citadel.realmfs.core.output.image;

import java.security.MessageDigest;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.output.image.verity.DataTap;

/** The sha256 of all the data shown to it: Citadel's {@code shasum}. */
final class Sha256Tap implements DataTap {
    private final MessageDigest sha256;

    Sha256Tap() {
        sha256 = Sha256.newDigest();
    }

    @Override
    public void accept(long offset, byte[] chunk, int length) {
        sha256.update(chunk, 0, length);
    }

    String hex() {
        return Sha256.hex(sha256);
    }
}
