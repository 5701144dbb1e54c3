package org.citadel.realmfs.core.output.tar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What lstat(2) says about one file, as far as an archive needs it. */
record FileStatus(FileType type, int permissions, int uid, int gid, long device, long inode,
                  int links, long size, long rdev, long mtimeSeconds) {

    private static final String ATTRIBUTES = "unix:mode,uid,gid,dev,ino,nlink,size,rdev,lastModifiedTime";

    static FileStatus of(Path path) throws IOException {
        Map<String, Object> unix = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) unix.get("mode");
        return new FileStatus(
                FileType.ofMode(mode),
                mode & 07777,
                (Integer) unix.get("uid"),
                (Integer) unix.get("gid"),
                (Long) unix.get("dev"),
                (Long) unix.get("ino"),
                (Integer) unix.get("nlink"),
                (Long) unix.get("size"),
                (Long) unix.get("rdev"),
                ((FileTime) unix.get("lastModifiedTime")).to(TimeUnit.SECONDS));
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
