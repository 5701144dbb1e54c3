package org.citadel.realmfs.core.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One package file apt would download, as {@code apt-get --print-uris} names it: where from, the
 * file name apt looks for in its archives directory, its size and its hash (from the signed
 * archive index, so a file that matches both is the one apt would have fetched).
 *
 * @param hashAlgorithm a {@link java.security.MessageDigest} name: SHA-256, SHA-512 or MD5
 */
public record PackageDownload(URI uri, String fileName, long size, String hashAlgorithm, byte[] hash) {
    // 'http://host/debian/pool/main/l/less/less_668-1_amd64.deb' less_668-1_amd64.deb 161232 SHA256:9f86d0...
    private static final Pattern LINE = Pattern.compile("^'([^']+)' (\\S+) (\\d+) (\\w+):([0-9a-fA-F]+)$");

    public PackageDownload {
        hash = hash.clone();
    }

    /** The download a {@code --print-uris} line names; empty for any other line apt prints. */
    public static Optional<PackageDownload> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches() || m.group(2).contains("/") || m.group(2).startsWith(".")) {
            return Optional.empty();
        }
        Optional<String> algorithm = digestName(m.group(4));
        if (algorithm.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PackageDownload(URI.create(m.group(1)), m.group(2), Long.parseLong(m.group(3)),
                    algorithm.get(), HexFormat.of().parseHex(m.group(5))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A new digest of this file's hash algorithm. */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(hashAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no " + hashAlgorithm, e);
        }
    }

    /** Whether {@code file} has this download's size and hash: whether it is the file the index names. */
    public boolean isContentOf(Path file) throws IOException {
        if (Files.size(file) != size) {
            return false;
        }
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return MessageDigest.isEqual(digest.digest(), hash);
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    private static Optional<String> digestName(String aptName) {
        return switch (aptName.toUpperCase(Locale.ROOT)) {
            case "SHA256" -> Optional.of("SHA-256");
            case "SHA512" -> Optional.of("SHA-512");
            case "MD5SUM", "MD5" -> Optional.of("MD5");
            default -> Optional.empty();
        };
    }
}
