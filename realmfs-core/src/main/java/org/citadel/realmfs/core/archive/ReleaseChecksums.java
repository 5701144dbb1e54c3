package org.citadel.realmfs.core.archive;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code SHA256:} field of a Release (or InRelease) file: for each index file of the suite, by its
 * path below {@code dists/SUITE/} ({@code main/binary-amd64/Packages}), its size and SHA-256. What
 * debootstrap and apt check every index they fetch against.
 */
public final class ReleaseChecksums {
    private final Map<String, Entry> entries;

    /** One index file as the Release file names it. */
    public record Entry(String sha256, long size) {
    }

    private ReleaseChecksums(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    /**
     * Reads the entries of the {@code SHA256:} field: its continuation lines, each
     * {@code " HEX SIZE PATH"}, up to the next field or the signature. Malformed lines are left out.
     */
    public static ReleaseChecksums parse(String release) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        boolean inField = false;
        for (String line : release.split("\n")) {
            if (!line.startsWith(" ")) {
                inField = line.startsWith("SHA256:");
                continue;
            }
            if (inField) {
                String[] words = line.trim().split("\\s+");
                if (words.length == 3 && words[0].matches("[0-9a-f]{64}") && words[1].matches("[0-9]{1,18}")) {
                    entries.putIfAbsent(words[2], new Entry(words[0], Long.parseLong(words[1])));
                }
            }
        }
        return new ReleaseChecksums(entries);
    }

    /** The entry of the index at {@code path} below {@code dists/SUITE/}; empty if the Release names none. */
    public Optional<Entry> entry(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    public Map<String, Entry> entries() {
        return entries;
    }
}
