package org.citadel.realmfs.core.packagecache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.citadel.realmfs.core.archive.ReleaseChecksums;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * The package indexes debootstrap downloads (the suite's {@code Packages} files, which it keeps
 * uncompressed in the rootfs's {@code /var/lib/apt/lists}), and the translations the package stage's
 * {@code apt-get update} adds, kept in the package cache under the SHA-256 of the {@code InRelease}
 * they belong to, so that the next build of the same archive state finds them in place: debootstrap
 * skips the download (and the unpacking) of an index that exists with the size and SHA-256 its signed
 * Release names, apt one its InRelease names, and either downloads it again when it does not, so a
 * damaged copy costs only that download.
 *
 * <pre>
 * CACHE/.indexes/INRELEASE_SHA256/NAME   NAME as in /var/lib/apt/lists: mirror, suite, component, architecture
 * </pre>
 *
 * A file is kept only when it is what the InRelease next to it names (size and SHA-256), and only right
 * after debootstrap, before any module ran; it is written under a temporary name and renamed into
 * place. Only the newest archive state is kept: keeping one removes the directories of the others (a
 * build copying from one of them meanwhile still reads the file it opened, or finds none and lets
 * debootstrap download it).
 */
public final class BootstrapIndexes {
    static final String DIRECTORY = ".indexes";
    /** Where debootstrap (and apt) keep the indexes in the rootfs. */
    public static final String LISTS = "/var/lib/apt/lists";
    private static final String IN_RELEASE = "InRelease";
    private static final String PACKAGES = "_Packages";

    private final Path indexes;

    /** @param packageCache the shared package cache (see {@link BuildArchives#cache}) */
    public BootstrapIndexes(Path packageCache) {
        this.indexes = packageCache.resolve(DIRECTORY);
    }

    /** {@code CACHE/.indexes}: the kept indexes and what else is kept per archive state (debootstrap's queries). */
    public Path directory() {
        return indexes;
    }

    /** What {@link #seed} copied: the files' names and their bytes together. */
    public record Seeded(List<String> names, long bytes) {
    }

    /**
     * Before debootstrap: copies the {@code Packages} indexes kept for the archive state
     * {@code inReleaseSha256} into the (empty) rootfs's {@link #LISTS}; nothing when there are none.
     */
    public Seeded seedForDebootstrap(String inReleaseSha256, RootfsFiles rootfs) {
        return seed(inReleaseSha256, rootfs, name -> name.endsWith(PACKAGES));
    }

    /**
     * Before {@code apt-get update}: copies the other kept indexes of the state (the translations apt
     * fetches and debootstrap does not) that the rootfs's {@link #LISTS} lacks; apt then finds them
     * matching its InRelease and does not download them (a file no source of the rootfs names any more
     * it removes, as it would any).
     */
    public Seeded seedForUpdate(String inReleaseSha256, RootfsFiles rootfs) {
        List<String> present = rootfs.list(LISTS);
        return seed(inReleaseSha256, rootfs, name -> !name.endsWith(PACKAGES) && !present.contains(name));
    }

    private Seeded seed(String inReleaseSha256, RootfsFiles rootfs, Predicate<String> which) {
        Path state = indexes.resolve(requireDigest(inReleaseSha256));
        List<String> names = new ArrayList<>();
        long bytes = 0;
        for (Path file : keptFiles(state)) {
            String name = file.getFileName().toString();
            if (!which.test(name)) {
                continue;
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                if (names.isEmpty()) {
                    rootfs.createDirectories(LISTS, 0755);
                }
                rootfs.write(LISTS + "/" + name, in, 0644);
                names.add(name);
                bytes += Files.size(file);
            } catch (NoSuchFileException e) {
                // another build's keep removed this state meanwhile: debootstrap or apt downloads the file
            } catch (IOException e) {
                throw HostFiles.ioFailure("read a kept package index", file, e);
            }
        }
        return new Seeded(List.copyOf(names), bytes);
    }

    /**
     * Right after debootstrap, before any module ran: keeps the indexes of the rootfs's {@link #LISTS}
     * that its InRelease (checked by debootstrap) names with their size and SHA-256, under that
     * InRelease's digest. A name already kept for that state is left as it is. Returns the names kept now.
     */
    public List<String> keep(RootfsFiles rootfs) {
        return keep(rootfs, Optional.empty());
    }

    /**
     * After {@code apt-get update}, when modules may have run: keeps what {@link #keep(RootfsFiles)}
     * does, but only if the rootfs's InRelease is byte for byte the one the build fetched from the
     * mirror itself ({@code probedInReleaseSha256}, the release probe's).
     */
    public List<String> keepAfterUpdate(RootfsFiles rootfs, String probedInReleaseSha256) {
        return keep(rootfs, Optional.of(requireDigest(probedInReleaseSha256)));
    }

    private List<String> keep(RootfsFiles rootfs, Optional<String> requiredDigest) {
        List<String> lists = rootfs.list(LISTS);
        List<String> releases = lists.stream().filter(name -> name.endsWith("_" + IN_RELEASE)).toList();
        if (releases.size() != 1) {
            return List.of(); // debootstrap fetched one suite; anything else is not what it left
        }
        String release = releases.get(0);
        byte[] inRelease = rootfs.read(LISTS + "/" + release);
        String digest = Sha256.hex(inRelease);
        if (requiredDigest.isPresent() && !requiredDigest.get().equals(digest)) {
            return List.of();
        }
        ReleaseChecksums checksums = ReleaseChecksums.parse(new String(inRelease, StandardCharsets.UTF_8));
        String prefix = release.substring(0, release.length() - IN_RELEASE.length());
        Path state = indexes.resolve(digest);
        List<String> kept = new ArrayList<>();
        for (String name : lists) {
            if (!name.startsWith(prefix) || name.equals(release) || Files.exists(state.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Optional<ReleaseChecksums.Entry> entry = checksums.entry(name.substring(prefix.length()).replace('_', '/'));
            if (entry.isPresent() && copyChecked(rootfs, LISTS + "/" + name, entry.get(), state, name)) {
                kept.add(name);
            }
        }
        if (!kept.isEmpty()) {
            removeOtherStates(digest);
        }
        return List.copyOf(kept);
    }

    /** Copies the file into {@code state} under a temporary name, renamed to {@code name} if it is what {@code entry} says. */
    private static boolean copyChecked(RootfsFiles rootfs, String path, ReleaseChecksums.Entry entry, Path state, String name) {
        HostFiles.createDirectories("the package cache's index directory", state);
        Path temporary = state.resolve("." + name + "." + UUID.randomUUID() + ".partial");
        try {
            MessageDigest sha256 = Sha256.newDigest();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), sha256)) {
                rootfs.transferTo(path, out);
            }
            if (Files.size(temporary) != entry.size() || !Sha256.hex(sha256).equals(entry.sha256())) {
                return false;
            }
            Files.move(temporary, state.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw HostFiles.ioFailure("keep a package index", temporary, e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // only a temporary file: the next keep of this name writes another
            }
        }
    }

    private void removeOtherStates(String digest) {
        try (DirectoryStream<Path> states = Files.newDirectoryStream(indexes)) {
            for (Path state : states) {
                if (!state.getFileName().toString().equals(digest)) {
                    TreeRemover.removeTree(state);
                }
            }
        } catch (IOException e) {
            throw HostFiles.ioFailure("remove the package indexes of older archive states", indexes, e);
        }
    }

    /** The complete files kept for a state, by name; none when there is no such state. */
    private static List<Path> keptFiles(Path state) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(state)) {
            for (Path file : entries) {
                if (!file.getFileName().toString().startsWith(".") && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(file);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw HostFiles.ioFailure("list the kept package indexes", state, e);
        }
        files.sort(null);
        return files;
    }

    private static String requireDigest(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return sha256;
    }
}
