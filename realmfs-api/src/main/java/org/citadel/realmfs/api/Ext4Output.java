package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * An ext4 filesystem image of the rootfs, made with e2fsprogs' {@code mkfs.ext4 -d}, sparse on disk.
 * The same rootfs and {@link BuildOptions#sourceDateEpoch() source date epoch} give the same bytes:
 * the UUID and directory hash seed are derived from the rootfs's content, and every time in the
 * filesystem but the files' mtimes is the epoch.
 *
 * @param sizeBytes the image size; empty to size it from the content with headroom
 */
public record Ext4Output(Path path, OptionalLong sizeBytes) implements Output {
    /** The size the original shell builder gave its images: 340 × 1024 blocks of 4096 bytes (1.36 GB). */
    public static final long ORIGINAL_SIZE_BYTES = 340L * 1024 * 4096;

    public Ext4Output {
        if (path == null) {
            throw new InvalidRecipeException("An ext4 output needs a file path");
        }
        if (sizeBytes == null) {
            sizeBytes = OptionalLong.empty();
        }
        if (sizeBytes.isPresent() && (sizeBytes.getAsLong() < 1 << 20 || sizeBytes.getAsLong() % 4096 != 0)) {
            throw new InvalidRecipeException("ext4 image size " + sizeBytes.getAsLong()
                    + " must be a multiple of 4096 bytes and at least 1 MiB");
        }
    }

    @Override
    public String kind() {
        return "ext4";
    }
}
