package org.citadel.realmfs.core.output.image.verity;

import java.security.MessageDigest;
import java.util.Arrays;
import org.citadel.realmfs.core.io.Sha256;

/**
 * sha256(salt || block) for one thread: owns its MessageDigest, which is not thread-safe. The digest
 * of a zero block, most blocks of an ext4 image, is computed once: checking that a block is zero
 * costs a small part of hashing it.
 */
final class BlockHasher {
    private static final byte[] ZERO_BLOCK = new byte[HashTreeGeometry.BLOCK_SIZE];

    private final MessageDigest sha256;
    private final byte[] salt;
    private final byte[] zeroBlockDigest;

    BlockHasher(byte[] salt) {
        this.sha256 = Sha256.newDigest();
        this.salt = salt.clone();
        this.zeroBlockDigest = new byte[HashTreeGeometry.DIGEST_SIZE];
        hashBytes(ZERO_BLOCK, 0, zeroBlockDigest, 0);
    }

    /** Writes the digests of the whole blocks in {@code data[0..length)} to {@code digests} from 0. */
    void hashBlocks(byte[] data, int length, byte[] digests) {
        int blocks = length / HashTreeGeometry.BLOCK_SIZE;
        for (int i = 0; i < blocks; i++) {
            hashBlock(data, i * HashTreeGeometry.BLOCK_SIZE, digests, i * HashTreeGeometry.DIGEST_SIZE);
        }
    }

    void hashBlock(byte[] data, int offset, byte[] out, int outOffset) {
        if (Arrays.mismatch(data, offset, offset + HashTreeGeometry.BLOCK_SIZE,
                ZERO_BLOCK, 0, HashTreeGeometry.BLOCK_SIZE) < 0) {
            System.arraycopy(zeroBlockDigest, 0, out, outOffset, HashTreeGeometry.DIGEST_SIZE);
        } else {
            hashBytes(data, offset, out, outOffset);
        }
    }

    private void hashBytes(byte[] data, int offset, byte[] out, int outOffset) {
        sha256.update(salt);
        sha256.update(data, offset, HashTreeGeometry.BLOCK_SIZE);
        try {
            sha256.digest(out, outOffset, HashTreeGeometry.DIGEST_SIZE);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("sha256 digest does not fit its 32-byte slot", e);
        }
    }
}
