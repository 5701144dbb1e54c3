package org.citadel.realmfs.testing.tree;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A rootfs directory on the host (a kept rootfs), read as asked, with {@code lstat}: the tree never
 * follows a host symlink (it resolves the rootfs's symlinks itself, inside the rootfs, and asks only
 * for paths whose parents are directories), so nothing outside the directory is ever read. Reading
 * as asked keeps a test that checks a few files from walking the whole rootfs.
 */
final class DirectoryTree extends RootfsTree {
    private final Path root;

    private DirectoryTree(Path root) {
        super(root.toString());
        this.root = root;
    }

    static DirectoryTree read(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnreadableRootfsException("The rootfs directory " + root + " is not a directory");
        }
        return new DirectoryTree(root);
    }

    @Override
    protected Optional<RootfsEntry> lookup(String path) {
        try {
            return Optional.of(stat(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UnreadableRootfsException("Cannot read " + host(path) + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected List<RootfsEntry> list(String directory) {
        List<RootfsEntry> children = new ArrayList<>();
        try (Stream<Path> names = Files.list(host(directory))) {
            for (Path name : names.toList()) {
                String path = directory.equals("/") ? "/" + name.getFileName() : directory + "/" + name.getFileName();
                lookup(path).ifPresent(children::add);
            }
        } catch (IOException e) {
            throw new UnreadableRootfsException("Cannot list " + host(directory) + ": " + e.getMessage(), e);
        }
        children.sort(Comparator.comparing(RootfsEntry::path));
        return children;
    }

    @Override
    protected byte[] read(RootfsEntry file) throws IOException {
        return readAll(Channels.newInputStream(Files.newByteChannel(host(file.path()), StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)));
    }

    private Path host(String path) {
        return path.equals("/") ? root : root.resolve(path.substring(1));
    }

    private RootfsEntry stat(String path) throws IOException {
        Path host = host(path);
        Map<String, Object> a = Files.readAttributes(host, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        int stMode = (Integer) a.get("mode");
        EntryType type = EntryType.ofStMode(stMode);
        Optional<String> target = type == EntryType.SYMLINK
                ? Optional.of(Files.readSymbolicLink(host).toString()) : Optional.empty();
        return new RootfsEntry(path, type, stMode, (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("size"), target);
    }
}
