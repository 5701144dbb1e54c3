package org.citadel.realmfs.core.output.image;

import java.nio.file.Path;
import java.util.Objects;
import org.citadel.realmfs.core.rootfs.TreeManifest;

/**
 * The ext4 image of a base tree that {@link Ext4DeltaWriter} changes into the image of the final
 * tree: the image file (read, never changed: the writer works on a copy), the manifest of the tree
 * it holds, and the UUID, hash seed and time it was made with, which the final image keeps.
 *
 * @param image     the base image, {@code sizeBytes} long (sparse)
 * @param manifest  the tree in the image, as {@link TreeManifest#of} listed it before mkfs
 * @param fixed     what mkfs was given: derived from the base tree's digest and the build's time
 * @param sizeBytes the image's size, a multiple of 4096
 */
public record Ext4Base(Path image, TreeManifest manifest, Ext4Reproducibility fixed, long sizeBytes) {
    public Ext4Base {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(fixed, "fixed");
        if (sizeBytes <= 0 || sizeBytes % 4096 != 0) {
            throw new IllegalArgumentException("An ext4 image is a positive number of 4096-byte blocks, not "
                    + sizeBytes + " bytes");
        }
    }
}
