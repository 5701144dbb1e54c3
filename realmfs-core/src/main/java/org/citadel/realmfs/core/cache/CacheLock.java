package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.citadel.realmfs.core.io.HostFiles;

/**
 * The exclusive lock under which a layer store changes: an flock-style lock on a file for other
 * processes, and a lock per file inside this JVM (a JVM cannot hold two file locks on one file).
 * Held only for short changes (renames, deletions), never while a layer is written or read.
 */
final class CacheLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final Path file;

    private CacheLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock, Path file) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
        this.file = file;
    }

    /** Waits until the lock on {@code file} is free, and takes it. */
    static CacheLock acquire(Path file) {
        ReentrantLock jvmLock = IN_THIS_JVM.computeIfAbsent(identity(file), f -> new ReentrantLock());
        jvmLock.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new CacheLock(jvmLock, channel, channel.lock(), file);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            jvmLock.unlock();
            if (e instanceof IOException io) {
                throw HostFiles.ioFailure("lock the layer cache's lock file", file, io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * One key per lock file whatever path names it (a symlinked cache directory, say): the JVM
     * refuses a second lock on a file it holds one on, with an exception instead of waiting.
     */
    private static Path identity(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return absolute.getParent().toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute; // the directory is missing: opening the lock file fails and says so
        }
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public void close() {
        try (FileChannel c = channel) {
            fileLock.release();
        } catch (IOException e) {
            throw HostFiles.ioFailure("release the layer cache's lock", file, e);
        } finally {
            jvmLock.unlock();
        }
    }
}
