package org.citadel.realmfs.core.output.image;

import java.nio.file.Path;

/**
 * An ext4 image written by {@link Ext4ImageWriter}.
 *
 * @param sizeBytes the filesystem size (the file is sparse: it takes less on disk)
 * @param requiredBytes what the rootfs was estimated to need, before headroom
 */
public record Ext4Image(Path path, long sizeBytes, long requiredBytes) {
}
