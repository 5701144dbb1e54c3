package org.citadel.realmfs.core.output.image;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.citadel.realmfs.core.rootfs.TreeDigest;

/**
 * What {@code mkfs.ext4} would otherwise choose at random or from the clock, fixed so that the same
 * tree and time make the same image: the filesystem UUID, the directory hash seed, and the time
 * every timestamp of the filesystem and its inodes (but the files' mtimes) is set to.
 *
 * @param time the build's {@code SOURCE_DATE_EPOCH}, in whole seconds
 */
public record Ext4Reproducibility(UUID uuid, UUID hashSeed, Instant time) {
    static final String UUID_LABEL = "ext4 uuid";
    static final String HASH_SEED_LABEL = "ext4 hash seed";

    public Ext4Reproducibility {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(hashSeed, "hashSeed");
        if (time.getEpochSecond() < 1 || time.getEpochSecond() > 0xFFFF_FFFFL || time.getNano() != 0) {
            throw new IllegalArgumentException("An ext4 image's time is whole seconds from 1970-01-01T00:00:01Z"
                    + " to 2106, not " + time);
        }
    }

    /**
     * UUID and hash seed named after the tree they are made from, so another tree gets others; the
     * time in whole seconds, and the epoch's first second for the epoch itself: libext2fs reads
     * {@code E2FSPROGS_FAKE_TIME=0} as no fake time and would take the clock's.
     */
    public static Ext4Reproducibility derivedFrom(TreeDigest tree, Instant time) {
        return new Ext4Reproducibility(tree.nameBasedUuid(UUID_LABEL), tree.nameBasedUuid(HASH_SEED_LABEL),
                Instant.ofEpochSecond(Math.max(1, time.getEpochSecond())));
    }

    public long epochSeconds() {
        return time.getEpochSecond();
    }
}
