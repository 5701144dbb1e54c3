package org.citadel.realmfs.testing.tree;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rootfs directory on the host (a kept rootfs), read with {@code lstat}: no symlink is followed,
 * on the walk or when a file is read, so nothing outside the directory is ever read.
 */
final class DirectoryTree extends RootfsTree {
    private final Path root;

    private DirectoryTree(Path root, List<RootfsEntry> entries) {
        super(root.toString(), entries);
        this.root = root;
    }

    static DirectoryTree read(Path root) {
        List<RootfsEntry> entries = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    entries.add(entry(root, dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    entries.add(entry(root, file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UnreadableRootfsException("Cannot read the rootfs directory " + root + ": " + e.getMessage(), e);
        }
        return new DirectoryTree(root, entries);
    }

    @Override
    protected byte[] read(RootfsEntry file) throws IOException {
        Path host = root.resolve(file.path().substring(1));
        return readAll(Channels.newInputStream(Files.newByteChannel(host, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)));
    }

    private static RootfsEntry entry(Path root, Path host) throws IOException {
        Map<String, Object> a = Files.readAttributes(host, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        int stMode = (Integer) a.get("mode");
        EntryType type = EntryType.ofStMode(stMode);
        String path = "/" + root.relativize(host).toString();
        Optional<String> target = type == EntryType.SYMLINK
                ? Optional.of(Files.readSymbolicLink(host).toString()) : Optional.empty();
        return new RootfsEntry(RootfsTree.normalize(path), type, stMode, (Integer) a.get("uid"),
                (Integer) a.get("gid"), (Long) a.get("size"), target);
    }
}
