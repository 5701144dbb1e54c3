package org.citadel.realmfs.core.output.image;

import org.citadel.realmfs.api.InvalidRecipeException;

/** How large the ext4 image is: fitted to the rootfs with headroom, or a fixed size. */
public sealed interface Ext4Size {
    long BLOCK = 4096;
    long MIB = 1024 * 1024;
    /** The original builder's fixed size: 340 × 1024 blocks of 4096 bytes (1.36 GB). */
    long ORIGINAL_BYTES = 340L * 1024 * BLOCK;

    /** The image size in bytes, a multiple of 4096, for a rootfs that needs {@code requiredBytes}. */
    long bytesFor(long requiredBytes);

    /** What the filesystem needs plus 25%, and at least 64 MiB more. */
    static Ext4Size fitContent() {
        return new FitContent(25, 64 * MIB);
    }

    static Ext4Size fitContent(int headroomPercent, long minimumHeadroomBytes) {
        return new FitContent(headroomPercent, minimumHeadroomBytes);
    }

    /** What the filesystem needs, and at least {@code freeBytes} free in it (a sealed RealmFS image cannot grow later). */
    static Ext4Size withFreeSpace(long freeBytes) {
        return new FreeSpace(freeBytes);
    }

    /** Exactly {@code bytes}, rounded up to a multiple of 4096. */
    static Ext4Size fixed(long bytes) {
        return new Fixed(bytes);
    }

    record FitContent(int headroomPercent, long minimumHeadroomBytes) implements Ext4Size {
        public FitContent {
            if (headroomPercent < 0 || minimumHeadroomBytes < 0) {
                throw new InvalidRecipeException("The ext4 headroom must not be negative: " + headroomPercent + "%, "
                        + minimumHeadroomBytes + " bytes");
            }
        }

        @Override
        public long bytesFor(long requiredBytes) {
            long headroom = Math.max(requiredBytes / 100 * headroomPercent, minimumHeadroomBytes);
            return roundUpToBlock(requiredBytes + headroom);
        }
    }

    /**
     * The free space costs more than itself: with {@code -i 4096} its blocks get inodes too, and a
     * larger filesystem a larger journal; the journal of the whole size and 2% are added as a margin
     * (the rootfs's own need is an estimate: measured on a small rootfs, 48 MiB asked gave 48.26 MiB
     * free without the 2%).
     */
    record FreeSpace(long freeBytes) implements Ext4Size {
        public FreeSpace {
            if (freeBytes < 0) {
                throw new InvalidRecipeException("The free space must not be negative: " + freeBytes + " bytes");
            }
        }

        @Override
        public long bytesFor(long requiredBytes) {
            long free = (long) Math.ceil(freeBytes * 1.02 / RootfsFootprint.USABLE_FRACTION);
            return roundUpToBlock(requiredBytes + free + RootfsFootprint.journalBytes(requiredBytes + free));
        }
    }

    record Fixed(long bytes) implements Ext4Size {
        public Fixed {
            if (bytes < 16 * MIB) {
                throw new InvalidRecipeException("An ext4 image of " + bytes + " bytes is too small to be useful;"
                        + " give at least 16 MiB");
            }
        }

        @Override
        public long bytesFor(long requiredBytes) {
            return roundUpToBlock(bytes);
        }
    }

    private static long roundUpToBlock(long bytes) {
        return (bytes + BLOCK - 1) / BLOCK * BLOCK;
    }
}
