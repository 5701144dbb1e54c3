package org.citadel.realmfs.core.output.image.verity;

import java.security.MessageDigest;
import org.citadel.realmfs.core.io.Sha256;

/** sha256(salt || block) for one thread: owns its MessageDigest, which is not thread-safe. */
final class BlockHasher {
    private final MessageDigest sha256;
    private final byte[] salt;

    BlockHasher(byte[] salt) {
        this.sha256 = Sha256.newDigest();
        this.salt = salt.clone();
    }

    /** Writes the digests of the whole blocks in {@code data[0..length)} to {@code digests} from 0. */
    void hashBlocks(byte[] data, int length, byte[] digests) {
        int blocks = length / HashTreeGeometry.BLOCK_SIZE;
        for (int i = 0; i < blocks; i++) {
            hashBlock(data, i * HashTreeGeometry.BLOCK_SIZE, digests, i * HashTreeGeometry.DIGEST_SIZE);
        }
    }

    void hashBlock(byte[] data, int offset, byte[] out, int outOffset) {
        sha256.update(salt);
        sha256.update(data, offset, HashTreeGeometry.BLOCK_SIZE);
        try {
            sha256.digest(out, outOffset, HashTreeGeometry.DIGEST_SIZE);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("sha256 digest does not fit its 32-byte slot", e);
        }
    }
}
