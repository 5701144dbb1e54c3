package org.citadel.realmfs.core.linux;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.citadel.realmfs.api.RealmfsException;

/**
 * Samples the free space of a few filesystems while a step runs, to tell afterwards whether one of
 * them ran full: a command may delete what it could not finish writing (debootstrap removes a
 * Packages file its wget could not write and reports "Couldn't download"), so that the space is
 * back by the time it fails. The sampling thread is started by the caller's thread, so it sees
 * the caller's mount namespace; statvfs takes microseconds.
 */
public final class FreeSpaceWatch implements AutoCloseable {
    private static final long INTERVAL_MILLIS = 50;

    private final List<Path> paths;
    private final Map<Path, Long> lowest = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean stopped;

    private FreeSpaceWatch(List<Path> paths) {
        this.paths = List.copyOf(paths);
        this.sampler = new Thread(this::sampleUntilStopped, "realmfs-free-space");
        sampler.setDaemon(true);
    }

    public static FreeSpaceWatch start(List<Path> paths) {
        FreeSpaceWatch watch = new FreeSpaceWatch(paths);
        watch.sampleOnce();
        watch.sampler.start();
        return watch;
    }

    /** The least free space seen on the filesystem of {@code path} (one of those watched). */
    public OptionalLong lowestAvailableBytes(Path path) {
        sampleOnce();
        Long bytes = lowest.get(path);
        return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    private void sampleUntilStopped() {
        while (!stopped) {
            sampleOnce();
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce() {
        for (Path path : paths) {
            try {
                long available = Kernel.statvfs(path).availableBytes();
                lowest.merge(path, available, Math::min);
            } catch (RealmfsException e) {
                // not there (yet): nothing to sample
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
    }
}
