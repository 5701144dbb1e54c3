package org.citadel.realmfs.core.output.image.verity;

/**
 * Where each level of the tree lives in the hash file, computed as cryptsetup's {@code hash_levels}
 * does: block 0 holds the superblock, then the levels follow top level first, so level 0 (the
 * digests of the data blocks) comes last. Level {@code i} has ceil(dataBlocks / 128^(i+1)) blocks.
 * A single data block needs no level at all: its digest is the root hash.
 */
final class HashTreeGeometry {
    static final int BLOCK_SIZE = 4096;
    static final int DIGEST_SIZE = 32;
    static final int DIGESTS_PER_BLOCK = BLOCK_SIZE / DIGEST_SIZE;
    private static final int BITS_PER_LEVEL = Integer.numberOfTrailingZeros(DIGESTS_PER_BLOCK);

    private final long dataBlocks;
    private final long[] levelStart;
    private final long[] levelBlocks;
    private final long totalBlocks;

    HashTreeGeometry(long dataBlocks) {
        if (dataBlocks < 1) {
            throw new IllegalArgumentException("A hash tree needs at least one data block, got " + dataBlocks);
        }
        this.dataBlocks = dataBlocks;
        int levels = 0;
        while (BITS_PER_LEVEL * levels < 64 && ((dataBlocks - 1) >>> (BITS_PER_LEVEL * levels)) != 0) {
            levels++;
        }
        levelStart = new long[levels];
        levelBlocks = new long[levels];
        long position = 1;
        for (int i = levels - 1; i >= 0; i--) {
            levelStart[i] = position;
            int shift = (i + 1) * BITS_PER_LEVEL;
            levelBlocks[i] = shift >= 63 ? 1 : (dataBlocks + (1L << shift) - 1) >>> shift;
            position += levelBlocks[i];
        }
        totalBlocks = position;
    }

    long dataBlocks() {
        return dataBlocks;
    }

    int levels() {
        return levelStart.length;
    }

    /** Byte offset of the first block of {@code level} in the hash file. */
    long levelOffset(int level) {
        return levelStart[level] * BLOCK_SIZE;
    }

    long levelBlocks(int level) {
        return levelBlocks[level];
    }

    long hashFileBytes() {
        return totalBlocks * BLOCK_SIZE;
    }
}
