package org.citadel.realmfs.core.packagecache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * One build's own apt archives directory inside a package cache that builds running at the same
 * time share (in this JVM or in other processes). apt and debootstrap lock their archives
 * directory and stage downloads in its {@code partial/}, so two builds can never share one; each
 * gets its own, filled with hard links to every package file of the cache (one link(2) per file),
 * and gives back what it downloaded by {@link #publish}. No build waits for another.
 *
 * <pre>
 * CACHE/NAME_VERSION_ARCH.deb   complete package files; only ever added, each at once (a hard link
 *                               made at its final name), never changed or deleted
 * CACHE/.builds/ID/             a build's archives directory (bind-mounted at the rootfs's
 *                               /var/cache/apt/archives): links to the cache's files, apt's lock, partial/
 * CACHE/.builds/ID.lock         flock-ed by that build while it lives; beside the directory, where no
 *                               apt-get clean inside the rootfs can delete it
 * </pre>
 *
 * apt and debootstrap never write into a file in place (they write to partial/ and rename: a new
 * inode), so the cache's files are not written through the links. A build killed with SIGKILL
 * leaves its directory behind; its lock is then free, and the next build to open the cache removes it.
 */
public final class BuildArchives implements AutoCloseable {
    static final String BUILDS = ".builds";
    private static final String LOCK_SUFFIX = ".lock";

    private final Path cache;
    private final Path directory;
    private final Path lockFile;
    private final Fd lock;
    private final List<Path> removedStale;

    private BuildArchives(Path cache, Path directory, Path lockFile, Fd lock, List<Path> removedStale) {
        this.cache = cache;
        this.directory = directory;
        this.lockFile = lockFile;
        this.lock = lock;
        this.removedStale = List.copyOf(removedStale);
    }

    /**
     * Creates the cache if needed, removes the directories of builds that no longer run, and
     * creates this build's directory holding a link to every package file of the cache.
     */
    public static BuildArchives open(Path packageCache) {
        Path cache = packageCache.toAbsolutePath().normalize();
        Path builds = cache.resolve(BUILDS);
        createDirectories(builds, "the package cache's build directory");
        List<Path> removed = removeStale(builds);
        while (true) {
            String id = UUID.randomUUID().toString();
            Path lockFile = builds.resolve(id + LOCK_SUFFIX);
            // A build removing stale directories may delete the file between open and flock (it took
            // the lock first): tryLockFileAt then opens it anew; a name another build holds is left to it.
            Optional<Fd> taken = Kernel.tryLockFileAt(lockFile);
            if (taken.isEmpty()) {
                continue;
            }
            Fd lock = taken.get();
            try {
                Path directory = builds.resolve(id);
                createDirectories(directory.resolve("partial"), "this build's package directory");
                BuildArchives archives = new BuildArchives(cache, directory, lockFile, lock, removed);
                archives.linkCachedPackages();
                return archives;
            } catch (RuntimeException e) {
                try {
                    TreeRemover.removeTree(builds.resolve(id));
                    Files.deleteIfExists(lockFile);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                } finally {
                    lock.close();
                }
                throw e;
            }
        }
    }

    /** The shared package cache. */
    public Path cache() {
        return cache;
    }

    /** This build's archives directory: what the rootfs's /var/cache/apt/archives is. */
    public Path directory() {
        return directory;
    }

    /** The directories of dead builds that opening the cache removed. */
    public List<Path> removedStale() {
        return removedStale;
    }

    /**
     * The complete package files in this build's directory that the shared cache has no file of
     * that name for: what the build downloaded (or what something in the rootfs put there) and has
     * not published. Symlinks and other non-regular files are never among them.
     */
    public List<Path> unpublished() {
        List<Path> found = new ArrayList<>();
        for (Path file : packageFiles(directory)) {
            if (!Files.exists(cache.resolve(file.getFileName()), LinkOption.NOFOLLOW_LINKS)) {
                found.add(file);
            }
        }
        return found;
    }

    /**
     * Adds {@code files} (of {@link #unpublished}) to the shared cache, each as a hard link made at
     * its final name, so another build sees it whole or not at all. A name the cache has meanwhile
     * (another build published the same file) is left as it is.
     *
     * @return the files published
     */
    public List<Path> publish(List<Path> files) {
        List<Path> published = new ArrayList<>();
        for (Path file : files) {
            if (!file.getParent().equals(directory) || !isPackageFile(file)) {
                throw new IllegalArgumentException(file + " is not a package file of " + directory);
            }
            try {
                Files.createLink(cache.resolve(file.getFileName()), file);
                published.add(file);
            } catch (FileAlreadyExistsException | NoSuchFileException e) {
                // published by another build meanwhile, or removed by apt since it was listed
            } catch (IOException e) {
                throw new PackageCacheException("Cannot add " + file.getFileName() + " to the package cache "
                        + cache + ": " + e.getMessage() + "; check the cache directory's filesystem", e);
            }
        }
        return published;
    }

    /** Removes this build's directory (nothing may be mounted on it any more) and releases its lock. */
    @Override
    public void close() {
        try {
            TreeRemover.removeTree(directory);
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            throw new PackageCacheException("Cannot remove this build's package directory " + directory
                    + " (the next build removes it): " + e.getMessage(), e);
        } finally {
            lock.close();
        }
    }

    private void linkCachedPackages() {
        for (Path file : packageFiles(cache)) {
            try {
                Files.createLink(directory.resolve(file.getFileName()), file);
            } catch (IOException e) {
                throw new PackageCacheException("Cannot link the cached package " + file + " into " + directory
                        + ": " + e.getMessage() + " (the package cache must be on a filesystem with hard links)", e);
            }
        }
    }

    /** Removes what builds whose lock is free left in {@code builds}: a directory and its lock file. */
    private static List<Path> removeStale(Path builds) {
        List<Path> removed = new ArrayList<>();
        for (Path entry : list(builds)) {
            String name = entry.getFileName().toString();
            boolean lockFile = name.endsWith(LOCK_SUFFIX);
            Path directory = lockFile ? builds.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length())) : entry;
            Path lockOfDirectory = lockFile ? entry : builds.resolve(name + LOCK_SUFFIX);
            if (lockFile && Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                continue; // handled with its directory
            }
            try (Fd lock = Kernel.openLockFile(lockOfDirectory)) {
                if (!Kernel.tryLockExclusive(lock)) {
                    continue; // its build is running
                }
                if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                    TreeRemover.removeTree(directory);
                    removed.add(directory);
                }
                Files.deleteIfExists(lockOfDirectory);
            } catch (IOException e) {
                throw new PackageCacheException("Cannot remove " + directory + ", left by a build that no longer runs: "
                        + e.getMessage(), e);
            }
        }
        return removed;
    }

    private static List<Path> packageFiles(Path directory) {
        List<Path> files = new ArrayList<>();
        for (Path entry : list(directory)) {
            if (isPackageFile(entry)) {
                files.add(entry);
            }
        }
        return files;
    }

    private static boolean isPackageFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".deb") && !name.startsWith(".") && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static List<Path> list(Path directory) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new PackageCacheException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
        entries.sort(null);
        return entries;
    }

    private static void createDirectories(Path directory, String what) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new PackageCacheException("Cannot create " + what + " " + directory + ": " + e.getMessage(), e);
        }
    }
}
