package org.citadel.realmfs.core.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What decides which versions {@code apt-get upgrade} would install in a rootfs: the apt
 * configuration ({@code /etc/apt}: sources, preferences, settings), the archive's state as apt
 * knows it (each suite's {@code InRelease}, or {@code Release}, in {@code /var/lib/apt/lists}), and the
 * installed packages ({@code /var/lib/dpkg/status}), digested.
 *
 * <p>debootstrap installs the newest version of every package it installs. If this state is the
 * same after {@code apt-get update} as it was when debootstrap finished (no module changed a source,
 * a pin or an installed package, and the archive is the one debootstrap read), an upgrade can
 * change nothing, so the build skips it. Taken once the chroot is prepared, and again after the update.
 */
public record AptState(String digest) {

    public static AptState of(Path rootfs) {
        MessageDigest sha = newDigest();
        try {
            addTree(sha, rootfs, rootfs.resolve("etc/apt"));
            addFile(sha, rootfs, rootfs.resolve("var/lib/dpkg/status"));
            for (Path release : releaseFiles(rootfs.resolve("var/lib/apt/lists"))) {
                addFile(sha, rootfs, release);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the apt state of " + rootfs, e);
        }
        return new AptState(HexFormat.of().formatHex(sha.digest()));
    }

    private static void addTree(MessageDigest sha, Path rootfs, Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted().toList();
        }
        for (Path path : paths) {
            if (Files.isSymbolicLink(path)) {
                add(sha, "link " + rootfs.relativize(path) + " -> " + Files.readSymbolicLink(path));
            } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                addFile(sha, rootfs, path);
            } else {
                add(sha, "entry " + rootfs.relativize(path));
            }
        }
    }

    private static void addFile(MessageDigest sha, Path rootfs, Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            add(sha, "absent " + rootfs.relativize(file));
            return;
        }
        add(sha, "file " + rootfs.relativize(file) + " " + Files.size(file));
        sha.update(Files.readAllBytes(file));
    }

    /**
     * Each suite's signed index: its InRelease, or its Release where it has none. debootstrap leaves
     * both; apt-get update deletes the Release that an InRelease makes redundant.
     */
    private static List<Path> releaseFiles(Path lists) throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(lists)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(lists, "*Release")) {
                for (Path file : entries) {
                    String name = file.getFileName().toString();
                    boolean redundant = name.endsWith("_Release")
                            && Files.exists(file.resolveSibling(name.substring(0, name.length() - "_Release".length()) + "_InRelease"));
                    if (!redundant) {
                        found.add(file);
                    }
                }
            }
        }
        found.sort(null);
        return found;
    }

    private static void add(MessageDigest sha, String line) {
        sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }
}
