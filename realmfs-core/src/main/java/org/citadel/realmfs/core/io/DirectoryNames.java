package org.citadel.realmfs.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The names in one directory, in the one order every walk of a rootfs uses: by the bytes of the
 * names (as GNU tar's {@code --sort=name} and mkfs's {@code alphasort} in the C locale), not by
 * Java's UTF-16 code units, which order characters beyond U+FFFF differently.
 */
public final class DirectoryNames {
    static final Comparator<String> BY_BYTES = Comparator.comparing(
            (String name) -> name.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

    private DirectoryNames() {
    }

    /** The names of {@code directory}'s entries (not {@code .} or {@code ..}), sorted by their bytes. */
    public static List<String> sorted(Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(BY_BYTES);
        return names;
    }
}
