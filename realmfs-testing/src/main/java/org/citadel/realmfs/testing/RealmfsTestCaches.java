package org.citadel.realmfs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.citadel.realmfs.api.RealmfsException;

/**
 * Where {@link RealmfsTest} builds keep what outlives one test: one package cache and one layer
 * cache shared by every build of the test JVM and kept across runs, and the work directories of
 * running builds. The place is {@code ${java.io.tmpdir}/realmfs-testing}, or the directory the
 * system property {@value #DIRECTORY_PROPERTY} names:
 * <pre>
 *   package-cache/   downloaded .debs (BuildOptions.packageCacheDirectory)
 *   layer-cache/     bootstrapped and package-installed trees (BuildOptions.layerCacheDirectory)
 *   work/PID-N/      one build's work directory, removed after its test
 * </pre>
 */
public final class RealmfsTestCaches {
    public static final String DIRECTORY_PROPERTY = "realmfs.testing.cacheDirectory";

    private static final AtomicInteger WORK_DIRECTORIES = new AtomicInteger();
    private static volatile RealmfsTestCaches jvmWide;

    private final Path directory;

    private RealmfsTestCaches(Path directory) {
        this.directory = directory;
    }

    /** The caches of this JVM; the first call removes work directories that JVMs no longer running left. */
    public static RealmfsTestCaches forThisJvm() {
        RealmfsTestCaches caches = jvmWide;
        if (caches == null) {
            synchronized (RealmfsTestCaches.class) {
                if (jvmWide == null) {
                    jvmWide = new RealmfsTestCaches(configuredDirectory());
                    WorkDirectory.removeAbandoned(jvmWide.directory.resolve("work"));
                }
                caches = jvmWide;
            }
        }
        return caches;
    }

    static Path configuredDirectory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        return (configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "realmfs-testing")).toAbsolutePath();
    }

    public Path directory() {
        return directory;
    }

    public Path packageCache() {
        return directory.resolve("package-cache");
    }

    public Path layerCache() {
        return directory.resolve("layer-cache");
    }

    /** A new, empty work directory for one build: {@code work/PID-N}. */
    WorkDirectory newWorkDirectory() {
        Path dir = directory.resolve("work").resolve(ProcessHandle.current().pid() + "-" + WORK_DIRECTORIES.incrementAndGet());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RealmfsException("Cannot create the test build's work directory " + dir + ": " + e.getMessage()
                    + "; give a writable place with -D" + DIRECTORY_PROPERTY + "=DIR", e);
        }
        return new WorkDirectory(dir);
    }
}
