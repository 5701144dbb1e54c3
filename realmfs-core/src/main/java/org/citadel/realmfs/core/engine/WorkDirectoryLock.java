package org.citadel.realmfs.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.citadel.realmfs.api.RealmfsException;

/** One build at a time per work directory: an exclusive lock on a file inside it. */
final class WorkDirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private WorkDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static WorkDirectoryLock acquire(WorkDirectory work) {
        Path file = work.lockFile();
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new RealmfsException("Another build is running in " + work.root()
                        + " (it holds " + file + "); wait for it or use another work directory");
            }
            return new WorkDirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + file, e);
        }
    }

    /** Null when another process, or another build of this JVM, holds the lock. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
