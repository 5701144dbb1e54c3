package org.citadel.realmfs.core.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The Debian mirror the host's apt uses (its first source that is not the security archive). */
final class HostAptMirror {
    private static final Path SOURCES_D = Path.of("/etc/apt/sources.list.d");
    private static final Path SOURCES_LIST = Path.of("/etc/apt/sources.list");

    private HostAptMirror() {
    }

    static URI find() {
        return fromDeb822().or(HostAptMirror::fromOneLineSources).orElseThrow(() -> new IllegalStateException(
                "The host's apt names no Debian mirror in " + SOURCES_D + "/*.sources or " + SOURCES_LIST));
    }

    private static Optional<URI> fromDeb822() {
        for (Path file : files(SOURCES_D, ".sources")) {
            for (String stanza : read(file).split("\n\\s*\n")) {
                String uris = field(stanza, "URIs");
                if (uris != null && !field(stanza, "Suites").contains("-security")) {
                    return Optional.of(URI.create(uris.split("\\s+")[0]));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<URI> fromOneLineSources() {
        List<String> lines = new ArrayList<>();
        if (Files.isRegularFile(SOURCES_LIST)) {
            lines.addAll(read(SOURCES_LIST).lines().toList());
        }
        files(SOURCES_D, ".list").forEach(file -> lines.addAll(read(file).lines().toList()));
        return lines.stream().map(String::strip).filter(line -> line.startsWith("deb "))
                .map(line -> line.replaceFirst("^deb\\s+(\\[[^]]*]\\s+)?", "").split("\\s+"))
                .filter(parts -> parts.length > 1 && !parts[1].contains("-security"))
                .map(parts -> URI.create(parts[0])).findFirst();
    }

    private static String field(String stanza, String name) {
        return stanza.lines().filter(line -> line.startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1).strip()).findFirst().orElse(name.equals("Suites") ? "" : null);
    }

    private static List<Path> files(Path directory, String suffix) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
