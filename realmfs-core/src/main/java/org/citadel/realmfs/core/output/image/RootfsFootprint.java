package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * What a rootfs takes on an ext4 filesystem made with {@code -b 4096 -i 4096}: its files' blocks
 * (hard links counted once), and the filesystem's own overhead for a filesystem of that size.
 *
 * @param contentBytes the rootfs's files, directories and long symlinks, each rounded up to blocks
 * @param inodes the number of inodes the rootfs needs
 */
public record RootfsFootprint(long contentBytes, long inodes) {
    private static final long BLOCK = 4096;
    /** Inline in the inode: symlink targets shorter than this take no block. */
    private static final int FAST_SYMLINK_BYTES = 60;
    /** With -i 4096, 256-byte inodes take 1/16 of the filesystem; bitmaps, group descriptors ~1% more. */
    static final double USABLE_FRACTION = 1 - 1.0 / 16 - 0.01;

    public static RootfsFootprint measure(Path rootfs) throws IOException {
        Counter counter = new Counter();
        Files.walkFileTree(rootfs, counter);
        return new RootfsFootprint(counter.bytes, counter.inodes);
    }

    /** The smallest filesystem that holds this rootfs: content, inode tables, journal. */
    public long requiredFilesystemBytes() {
        long data = Math.max(contentBytes, inodes * BLOCK);
        long estimate = (long) (data / USABLE_FRACTION);
        return (long) ((data + journalBytes(estimate)) / USABLE_FRACTION);
    }

    /** mke2fs's default journal size for a filesystem of this size (e2fsprogs 1.47). */
    static long journalBytes(long filesystemBytes) {
        long blocks = filesystemBytes / BLOCK;
        long journalBlocks = blocks < 2048 ? 0
                : blocks < 32768 ? 1024
                : blocks < 256 * 1024 ? 4096
                : blocks < 512 * 1024 ? 8192
                : blocks < 4096 * 1024 ? 16384
                : blocks < 8192 * 1024 ? 32768
                : blocks < 16384 * 1024 ? 65536
                : blocks < 32768 * 1024 ? 131072 : 262144;
        return journalBlocks * BLOCK;
    }

    private static final class Counter extends SimpleFileVisitor<Path> {
        private final Set<Object> seenLinks = new HashSet<>();
        private long bytes;
        private long inodes;

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            inodes++;
            bytes += Math.max(BLOCK, roundUp(attributes.size()));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            if (attributes.isRegularFile() && isExtraHardLink(file, attributes)) {
                return FileVisitResult.CONTINUE;
            }
            inodes++;
            if (attributes.isRegularFile()) {
                bytes += roundUp(attributes.size());
            } else if (attributes.isSymbolicLink() && attributes.size() >= FAST_SYMLINK_BYTES) {
                bytes += BLOCK;
            }
            return FileVisitResult.CONTINUE;
        }

        private boolean isExtraHardLink(Path file, BasicFileAttributes attributes) throws IOException {
            Object links = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return links instanceof Integer count && count > 1 && !seenLinks.add(attributes.fileKey());
        }

        private static long roundUp(long size) {
            return (size + BLOCK - 1) / BLOCK * BLOCK;
        }
    }
}
