package org.citadel.realmfs.core.stage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

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
 * Read through {@link RootfsFiles}: a module's symlink in the rootfs is digested as a symlink or
 * followed inside the rootfs, never onto the host.
 */
public record AptState(String digest) {

    public static AptState of(Path rootfs) {
        RootfsFiles files = new RootfsFiles(rootfs);
        MessageDigest sha = Sha256.newDigest();
        addTree(sha, files, "/etc/apt");
        addFile(sha, files, "/var/lib/dpkg/status");
        for (String release : releaseFiles(files, "/var/lib/apt/lists")) {
            addFile(sha, files, release);
        }
        return new AptState(HexFormat.of().formatHex(sha.digest()));
    }

    private static void addTree(MessageDigest sha, RootfsFiles files, String directory) {
        if (!files.kind(directory).equals(Optional.of(FileKind.DIRECTORY))) {
            return;
        }
        List<String> paths = new ArrayList<>();
        collect(files, directory, paths);
        paths.sort(null);
        for (String path : paths) {
            Optional<FileKind> kind = files.kind(path);
            if (kind.equals(Optional.of(FileKind.SYMLINK))) {
                add(sha, "link " + path.substring(1) + " -> " + files.readLink(path).orElse(""));
            } else if (kind.equals(Optional.of(FileKind.REGULAR_FILE))) {
                addFile(sha, files, path);
            } else {
                add(sha, "entry " + path.substring(1));
            }
        }
    }

    /** {@code directory} and everything below it, not descending into symlinks. */
    private static void collect(RootfsFiles files, String directory, List<String> into) {
        into.add(directory);
        for (String name : files.list(directory)) {
            String path = directory + "/" + name;
            if (files.kind(path).equals(Optional.of(FileKind.DIRECTORY))) {
                collect(files, path, into);
            } else {
                into.add(path);
            }
        }
    }

    private static void addFile(MessageDigest sha, RootfsFiles files, String file) {
        Optional<byte[]> content = files.kind(file).equals(Optional.of(FileKind.REGULAR_FILE))
                ? files.readIfRegularFile(file) : Optional.empty();
        if (content.isEmpty()) {
            add(sha, "absent " + file.substring(1));
            return;
        }
        add(sha, "file " + file.substring(1) + " " + content.get().length);
        sha.update(content.get());
    }

    /**
     * Each suite's signed index: its InRelease, or its Release where it has none. debootstrap leaves
     * both; apt-get update deletes the Release that an InRelease makes redundant.
     */
    private static List<String> releaseFiles(RootfsFiles files, String lists) {
        List<String> names = files.list(lists);
        List<String> found = new ArrayList<>();
        for (String name : names) {
            boolean redundant = name.endsWith("_Release")
                    && names.contains(name.substring(0, name.length() - "_Release".length()) + "_InRelease");
            if (name.endsWith("Release") && !redundant) {
                found.add(lists + "/" + name);
            }
        }
        return found;
    }

    private static void add(MessageDigest sha, String line) {
        sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
