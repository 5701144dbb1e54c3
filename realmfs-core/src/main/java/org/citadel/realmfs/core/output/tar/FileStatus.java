package org.citadel.realmfs.core.output.tar;

import java.io.IOException;
import java.nio.file.Path;

import org.citadel.realmfs.core.linux.FileMetadata;
import org.citadel.realmfs.core.linux.NativeCallException;
import org.citadel.realmfs.core.linux.PathCalls;

/** What lstat(2) says about one file, as far as an archive needs it. */
record FileStatus(FileType type, int permissions, int uid, int gid, long device, long inode,
                  int links, long size, long rdev, long mtimeSeconds) {

    static FileStatus of(Path path) throws IOException {
        FileMetadata lstat;
        try {
            lstat = PathCalls.lstat(path);
        } catch (NativeCallException e) {
            throw new IOException(e.getMessage(), e); // reported with the archive it was part of
        }
        return new FileStatus(FileType.ofMode(lstat.mode()), lstat.permissions(), lstat.uid(), lstat.gid(),
                lstat.device(), lstat.inode(), lstat.links(), lstat.size(), lstat.rdev(), lstat.mtimeSeconds());
    }

    /** glibc's gnu_dev_major of st_rdev. */
    int deviceMajor() {
        return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    }

    /** glibc's gnu_dev_minor of st_rdev. */
    int deviceMinor() {
        return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }
}
