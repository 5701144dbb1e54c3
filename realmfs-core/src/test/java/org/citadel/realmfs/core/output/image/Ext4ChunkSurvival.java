package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.citadel.realmfs.core.io.Sha256;

/**
 * How many 24 MiB chunks of a RealmFS payload (one 4096-byte zero block, then the ext4 image)
 * a rebuild finds among the chunks of the build before it: those a payload compressed chunk by
 * chunk, cached by the digest of each chunk's bytes, need not compress again.
 */
public record Ext4ChunkSurvival(int chunks, int unchanged) {
    public static final int CHUNK = 24 * 1024 * 1024;
    private static final int ZERO_BLOCK = 4096;

    /** The chunks of {@code after}'s payload whose bytes some chunk of {@code before}'s has too. */
    public static Ext4ChunkSurvival of(Path before, Path after) throws IOException {
        Set<String> earlier = new HashSet<>(chunkDigests(before));
        List<String> later = chunkDigests(after);
        return new Ext4ChunkSurvival(later.size(), (int) later.stream().filter(earlier::contains).count());
    }

    /** The SHA-256 of each chunk of (zero block + ext4 image); the last one may be shorter. */
    public static List<String> chunkDigests(Path ext4) throws IOException {
        List<String> digests = new ArrayList<>();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(ext4)) {
            int filled = ZERO_BLOCK; // the zero block the chunk starts with
            while (true) {
                int read = in.readNBytes(chunk, filled, CHUNK - filled);
                filled += read;
                if (filled == 0) {
                    break;
                }
                MessageDigest digest = Sha256.newDigest();
                digest.update(chunk, 0, filled);
                digests.add(Sha256.hex(digest));
                if (filled < CHUNK) {
                    break;
                }
                filled = 0;
            }
        }
        return digests;
    }

    public double fraction() {
        return chunks == 0 ? 1 : (double) unchanged / chunks;
    }

    @Override
    public String toString() {
        return unchanged + " of " + chunks + " chunks unchanged (" + Math.round(fraction() * 100) + " %)";
    }
}
