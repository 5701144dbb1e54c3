package org.citadel.realmfs.core.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.core.io.HostFiles;

/** One build at a time per work directory: an exclusive lock on a file inside it. */
final class WorkDirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private WorkDirectoryLock(FileChannel channel, FileLock lock, Path file) {
        this.channel = channel;
        this.lock = lock;
        this.file = file;
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
            return new WorkDirectoryLock(channel, lock, file);
        } catch (IOException e) {
            throw HostFiles.ioFailure("lock the work directory's lock file", file, e);
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
            throw HostFiles.ioFailure("release the work directory's lock", file, e);
        }
    }
}
