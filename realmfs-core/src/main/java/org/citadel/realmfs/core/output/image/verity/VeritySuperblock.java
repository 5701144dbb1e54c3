package org.citadel.realmfs.core.output.image.verity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The 512-byte superblock {@code veritysetup} writes at the start of the hash file (format version 1,
 * hash type 1: each digest is sha256(salt || block)), padded with zeros to a whole hash block.
 * Layout from cryptsetup's {@code struct verity_sb}; integers are little-endian.
 */
final class VeritySuperblock {
    private static final byte[] SIGNATURE = "verity\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT_VERSION = 1;
    private static final int HASH_TYPE_SALT_FIRST = 1;
    private static final int ALGORITHM_FIELD_BYTES = 32;
    private static final int SALT_FIELD_BYTES = 256;

    private VeritySuperblock() {
    }

    static ByteBuffer encode(VerityParameters parameters, long dataBlocks) {
        byte[] salt = parameters.salt();
        UUID uuid = parameters.uuid();
        ByteBuffer block = ByteBuffer.allocate(HashTreeGeometry.BLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        block.put(SIGNATURE);
        block.putInt(FORMAT_VERSION);
        block.putInt(HASH_TYPE_SALT_FIRST);
        // The UUID is stored as its 16 bytes in textual order.
        block.order(ByteOrder.BIG_ENDIAN).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] algorithm = new byte[ALGORITHM_FIELD_BYTES];
        byte[] name = "sha256".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, algorithm, 0, name.length);
        block.put(algorithm);
        block.putInt(HashTreeGeometry.BLOCK_SIZE);
        block.putInt(HashTreeGeometry.BLOCK_SIZE);
        block.putLong(dataBlocks);
        block.putShort((short) salt.length);
        block.position(block.position() + 6);
        byte[] saltField = new byte[SALT_FIELD_BYTES];
        System.arraycopy(salt, 0, saltField, 0, salt.length);
        block.put(saltField);
        block.clear();
        return block;
    }
}
