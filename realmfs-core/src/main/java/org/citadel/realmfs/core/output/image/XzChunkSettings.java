package org.citadel.realmfs.core.output.image;

import java.util.Objects;

/**
 * Everything besides its input that decides the bytes of one compressed chunk: a cached chunk is
 * reused only under the same settings.
 *
 * @param level      xz's preset
 * @param xzVersion  the first line of {@code xz --version}: another xz may write other bytes
 * @param chunkBytes the size of a chunk of the uncompressed payload (the last may be shorter)
 * @param check      the integrity check of each stream
 */
public record XzChunkSettings(int level, String xzVersion, long chunkBytes, String check) {

    public XzChunkSettings {
        Objects.requireNonNull(xzVersion, "xzVersion");
        Objects.requireNonNull(check, "check");
        if (chunkBytes <= 0 || chunkBytes % 4096 != 0) {
            throw new IllegalArgumentException("A chunk is a positive number of 4096-byte blocks, not " + chunkBytes
                    + " bytes");
        }
    }

    /** The settings as one line of text, part of each chunk's cache key. */
    String keyText() {
        return "level=" + level + "\0xz=" + xzVersion + "\0chunk=" + chunkBytes + "\0check=" + check;
    }
}
