package org.citadel.realmfs.core.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.citadel.realmfs.core.io.HostFiles;

/**
 * Finds the Debian mirror the host's apt already uses, so builds never name a mirror of their own:
 * the first {@code deb} source, in apt's reading order, whose suite is a Debian release (not
 * -security, -updates or -backports) and that has the {@code main} component.
 */
public final class HostAptSources {
    private static final Set<String> DEBIAN_SUITES = Set.of(
            "buster", "bullseye", "bookworm", "trixie", "forky", "duke", "sid",
            "oldoldstable", "oldstable", "stable", "testing", "unstable");

    private final Path aptDirectory;

    public HostAptSources(Path aptDirectory) {
        this.aptDirectory = aptDirectory;
    }

    public static HostAptSources ofHost() {
        return new HostAptSources(Path.of("/etc/apt"));
    }

    /** The Debian mirror, or empty when no source of the host's apt is a Debian archive. */
    public Optional<URI> debianMirror() {
        return sources().stream().filter(Source::isDebianArchive).map(Source::uri).findFirst();
    }

    /** Every {@code deb} source of the host, one-line and deb822, in the order apt reads them. */
    public List<Source> sources() {
        List<Source> all = new ArrayList<>();
        Path list = aptDirectory.resolve("sources.list");
        if (Files.isRegularFile(list)) {
            all.addAll(parseOneLineFormat(read(list)));
        }
        Path dir = aptDirectory.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".list")) {
                        all.addAll(parseOneLineFormat(read(file)));
                    } else if (name.endsWith(".sources")) {
                        all.addAll(parseDeb822(read(file)));
                    }
                }
            } catch (IOException e) {
                throw HostFiles.ioFailure("list", dir, e);
            } catch (UncheckedIOException e) { // what Files.list meets while it lists
                throw HostFiles.ioFailure("list", dir, e.getCause());
            }
        }
        return all;
    }

    static List<Source> parseOneLineFormat(String text) {
        List<Source> sources = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = stripComment(raw).trim();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            List<String> words = new ArrayList<>(List.of(line.substring(4).trim().split("\\s+")));
            if (!words.isEmpty() && words.get(0).startsWith("[")) {
                while (!words.isEmpty() && !words.remove(0).endsWith("]")) {
                    // skip the option block [ arch=... signed-by=... ]
                }
            }
            if (words.size() >= 2) {
                sources.add(new Source(URI.create(words.get(0)), List.of(words.get(1)),
                        words.subList(2, words.size())));
            }
        }
        return sources;
    }

    static List<Source> parseDeb822(String text) {
        List<Source> sources = new ArrayList<>();
        for (String stanza : text.split("\n\\s*\n")) {
            String types = "";
            List<String> uris = List.of();
            List<String> suites = List.of();
            List<String> components = List.of();
            boolean enabled = true;
            for (String raw : stanza.split("\n")) {
                String line = stripComment(raw);
                int colon = line.indexOf(':');
                if (colon < 0 || Character.isWhitespace(line.charAt(0))) {
                    continue;
                }
                String key = line.substring(0, colon).trim().toLowerCase();
                String value = line.substring(colon + 1).trim();
                List<String> words = value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
                switch (key) {
                    case "types" -> types = value;
                    case "uris" -> uris = words;
                    case "suites" -> suites = words;
                    case "components" -> components = words;
                    case "enabled" -> enabled = !value.equalsIgnoreCase("no");
                    default -> { }
                }
            }
            if (enabled && List.of(types.split("\\s+")).contains("deb")) {
                for (String uri : uris) {
                    sources.add(new Source(URI.create(uri), suites, components));
                }
            }
        }
        return sources;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String read(Path file) {
        return HostFiles.readString("the apt sources file", file);
    }

    /** One {@code deb} source: a URI, its suites and components. */
    public record Source(URI uri, List<String> suites, List<String> components) {
        public Source {
            suites = List.copyOf(suites);
            components = List.copyOf(components);
        }

        boolean isDebianArchive() {
            return components.contains("main") && suites.stream().anyMatch(DEBIAN_SUITES::contains);
        }
    }
}
