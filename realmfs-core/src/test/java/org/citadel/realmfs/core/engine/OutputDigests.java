package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.citadel.realmfs.api.LayerUses;
import org.citadel.realmfs.core.io.Sha256;

/**
 * The SHA-256 of every file a build wrote into its output directory (outputs and what is written
 * beside them), by path relative to it; and how the build used the layer cache.
 */
record OutputDigests(Path directory, Map<String, String> digests, LayerUses layers) {

    static OutputDigests of(Path directory, LayerUses layers) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                digests.put(directory.relativize(file).toString(), sha256(file));
            }
        }
        return new OutputDigests(directory, Map.copyOf(digests), layers);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return Sha256.hex(digest);
    }

    /** These digests without the tar.xz's and what is written beside it, to compare with a build that wrote none. */
    OutputDigests withoutTarXz() {
        Map<String, String> kept = new TreeMap<>(digests);
        kept.keySet().removeIf(name -> name.equals(ReproducibilityRecipe.TAR_XZ)
                || name.startsWith(ReproducibilityRecipe.TAR_XZ + "."));
        return new OutputDigests(directory, Map.copyOf(kept), layers);
    }

    Path file(String relative) {
        return directory.resolve(relative);
    }

    /** The same files with the same bytes; on a difference, diffoscope's summary of each differing file. */
    void assertSameAs(OutputDigests other) {
        assertThat(other.digests.keySet()).as("the files written in " + other.directory + " and " + directory)
                .isEqualTo(digests.keySet());
        assertThat(String.join("\n", differencesFrom(other)))
                .as("outputs that differ between " + directory + " and " + other.directory).isEmpty();
    }

    /** For each file that is missing in one or differs: what differs, with diffoscope's summary. */
    List<String> differencesFrom(OutputDigests other) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(digests.keySet());
        names.addAll(other.digests.keySet());
        for (String name : names) {
            String mine = digests.get(name);
            String theirs = other.digests.get(name);
            if (mine == null || theirs == null) {
                differences.add(name + " is only in " + (mine == null ? other.directory : directory));
            } else if (!mine.equals(theirs)) {
                differences.add(name + " differs: " + mine + " in " + directory + ", " + theirs + " in "
                        + other.directory + "\n" + Diffoscope.summary(file(name), other.file(name)));
            }
        }
        return differences;
    }
}
