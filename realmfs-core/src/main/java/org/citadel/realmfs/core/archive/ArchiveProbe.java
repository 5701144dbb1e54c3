package org.citadel.realmfs.core.archive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.net.NetworkFailure;

/**
 * Asks the mirror for a release's {@code InRelease} file before anything is built: an unknown release
 * or an unreachable mirror fails here with a clear message instead of deep inside debootstrap. The
 * file's digest identifies the archive's state (a new upload changes it).
 */
public final class ArchiveProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** Fetches {@code dists/RELEASE/InRelease} and returns its sha256, or throws what is wrong. */
    public ReleaseState probe(URI mirror, String release) {
        URI inRelease = resolve(mirror, "dists/" + release + "/InRelease");
        byte[] body = fetch(mirror, release, inRelease);
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        String codename = field(text, "Codename");
        return new ReleaseState(mirror, release, codename, Sha256.hex(body), date(text));
    }

    private byte[] fetch(URI mirror, String release, URI inRelease) {
        if ("file".equals(inRelease.getScheme())) {
            Path file = Path.of(inRelease);
            if (!Files.isRegularFile(file)) {
                throw unknownRelease(mirror, release, "no file " + file);
            }
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new HostRequirementException("Cannot read " + file + ": " + e.getMessage());
            }
        }
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(inRelease).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                throw unknownRelease(mirror, release, "HTTP 404 for " + inRelease);
            }
            if (response.statusCode() != 200) {
                throw new HostRequirementException("Debian mirror " + mirror + " answered HTTP "
                        + response.statusCode() + " for " + inRelease + "; check the mirror URI");
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(mirror, inRelease, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostRequirementException("Interrupted while contacting " + mirror);
        }
    }

    private static HostRequirementException unreachable(URI mirror, URI inRelease, IOException e) {
        return new HostRequirementException("Debian mirror " + mirror + " is unreachable: "
                + NetworkFailure.describe(e, inRelease) + " (GET " + inRelease + "); check the network and the"
                + " mirror URI, or pass another mirror");
    }

    private static InvalidRecipeException unknownRelease(URI mirror, String release, String detail) {
        return new InvalidRecipeException("Debian release '" + release + "' is not served by " + mirror
                + " (" + detail + "); use a release the mirror serves, such as trixie, forky or sid");
    }

    static URI resolve(URI mirror, String path) {
        String base = mirror.toString().endsWith("/") ? mirror.toString() : mirror + "/";
        return URI.create(base + path);
    }

    static String field(String release, String name) {
        for (String line : release.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "";
    }

    /**
     * The {@code Date} field (RFC 1123, "Sat, 15 Nov 2025 09:24:03 UTC"), which every Debian Release
     * file has; empty when it is missing or unreadable.
     */
    static Optional<Instant> date(String inRelease) {
        String value = field(inRelease, "Date");
        try {
            return Optional.of(ZonedDateTime.parse(value.replaceFirst("\\s+UTC$", " GMT"),
                    DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * What the archive said about a release: its code name, the digest of its InRelease file and the
     * file's {@code Date}.
     */
    public record ReleaseState(URI mirror, String release, String codename, String inReleaseSha256,
                               Optional<Instant> date) {
    }
}
