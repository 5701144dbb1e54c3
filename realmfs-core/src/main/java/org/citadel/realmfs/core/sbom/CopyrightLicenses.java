package org.citadel.realmfs.core.sbom;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The licenses a package's {@code /usr/share/doc/NAME/copyright} states, when it is machine-readable:
 * Debian's copyright format 1.0 (DEP-5), whose first paragraph has a {@code Format:} field naming it.
 * Its format is told by the URI's path ({@code .../copyright-format/1.0/}), whatever host serves it.
 * The licenses are the short names of every {@code License:} field's first line, a name list or an
 * expression ({@code GPL-2+ or Artistic}) split into its names; a {@code with ... exception} stays with
 * its name.
 */
final class CopyrightLicenses {
    private static final Pattern FORMAT_PATH = Pattern.compile(".*/copyright-format/1\\.0/?");
    private static final Pattern ALTERNATIVES = Pattern.compile("\\s*,\\s*|\\s+(?i:or|and)\\s+");

    private CopyrightLicenses() {
    }

    static String path(String packageName) {
        return "/usr/share/doc/" + packageName + "/copyright";
    }

    /** The license short names, sorted and without duplicates; empty if the file is not machine-readable. */
    static Optional<List<String>> of(String copyright) {
        List<Deb822.Paragraph> paragraphs = Deb822.parse(copyright);
        if (paragraphs.isEmpty() || !isMachineReadable(paragraphs.get(0))) {
            return Optional.empty();
        }
        TreeSet<String> names = new TreeSet<>();
        for (Deb822.Paragraph paragraph : paragraphs) {
            paragraph.firstLine("License").ifPresent(expression -> {
                for (String name : ALTERNATIVES.split(expression)) {
                    if (!name.isBlank()) {
                        names.add(name.trim());
                    }
                }
            });
        }
        return Optional.of(List.copyOf(names));
    }

    private static boolean isMachineReadable(Deb822.Paragraph header) {
        return header.firstLine("Format").map(CopyrightLicenses::uriPath)
                .filter(path -> FORMAT_PATH.matcher(path).matches()).isPresent();
    }

    private static String uriPath(String uri) {
        try {
            String path = URI.create(uri).getPath();
            return path == null ? "" : path;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
