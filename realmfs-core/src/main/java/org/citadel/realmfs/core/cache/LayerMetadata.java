package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.citadel.realmfs.core.io.HostFiles;

/**
 * What is stored beside a layer's tar: the checksum and size that prove the tar whole, and what the
 * build needs to go on from the layer without running its stages.
 *
 * @param keyDigest the digest of the layer's key
 * @param tarCrc32c the CRC-32C of the whole tar file, 8 hex digits
 * @param tarBytes the size of the tar file
 * @param entries the tar's entries
 * @param buildOnlyFiles rootfs paths of the build-only files the tree holds, to remove when it is finished
 * @param installedPackages the packages installed in the tree (for a package layer)
 * @param shellState what the pre-install modules left in the shell session (for a package layer;
 *        see {@link LayerNotes#shellState})
 * @param created when the layer was made
 */
public record LayerMetadata(
        LayerKind kind,
        String keyDigest,
        String tarCrc32c,
        long tarBytes,
        long entries,
        List<String> buildOnlyFiles,
        List<String> installedPackages,
        String shellState,
        Instant created) {

    public static final String FILE_NAME = "layer.properties";

    public LayerMetadata {
        buildOnlyFiles = List.copyOf(buildOnlyFiles);
        installedPackages = List.copyOf(installedPackages);
    }

    String toText() {
        Properties p = new Properties();
        p.setProperty("kind", kind.name());
        p.setProperty("key.sha256", keyDigest);
        p.setProperty("tar.crc32c", tarCrc32c);
        p.setProperty("tar.bytes", Long.toString(tarBytes));
        p.setProperty("tar.entries", Long.toString(entries));
        p.setProperty("build-only-files", String.join("\n", buildOnlyFiles));
        p.setProperty("installed-packages", String.join("\n", installedPackages));
        p.setProperty("shell-state", shellState);
        p.setProperty("created", created.toString());
        StringWriter text = new StringWriter();
        try {
            p.store(text, "realmfs layer");
        } catch (IOException e) {
            throw new IllegalStateException("Properties.store into a StringWriter cannot fail", e);
        }
        return text.toString();
    }

    /**
     * Reads the metadata file of a layer directory.
     *
     * @throws DamagedLayerException if it is missing, unreadable or incomplete
     */
    static LayerMetadata read(Path layerDirectory) {
        Path file = layerDirectory.resolve(FILE_NAME);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return new LayerMetadata(
                    LayerKind.valueOf(required(p, "kind")),
                    required(p, "key.sha256"),
                    required(p, "tar.crc32c"),
                    Long.parseLong(required(p, "tar.bytes")),
                    Long.parseLong(required(p, "tar.entries")),
                    lines(required(p, "build-only-files")),
                    lines(required(p, "installed-packages")),
                    required(p, "shell-state"),
                    Instant.parse(required(p, "created")));
        } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new DamagedLayerException(layerDirectory, "its " + FILE_NAME + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private static String required(Properties p, String name) {
        String value = p.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("no " + name);
        }
        return value;
    }

    private static List<String> lines(String value) {
        return value.isEmpty() ? List.of() : List.of(value.split("\n"));
    }
}
