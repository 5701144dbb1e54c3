package org.citadel.realmfs.testing.tree;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A built rootfs, read-only, whatever holds it: entries as {@code lstat} sees them, file contents
 * on demand (archives and images are indexed when opened, a directory is read as asked). Paths are absolute inside the rootfs; symlinks resolve inside it as in a chroot (an
 * absolute target starts again at the rootfs's root), so none leads to the host.
 * Open one with {@link #open(Path)}; close it to delete the scratch files some containers need.
 */
public abstract class RootfsTree implements AutoCloseable {
    private static final int MAX_SYMLINK_HOPS = 40;

    private final String source;

    protected RootfsTree(String source) {
        this.source = source;
    }

    /**
     * Opens the rootfs in {@code container}: a directory (a kept rootfs), a tar or tar.xz archive, an
     * ext4 image or a RealmFS image file, told apart by their content, not their names.
     */
    public static RootfsTree open(Path container) {
        if (Files.isDirectory(container)) {
            return DirectoryTree.read(container);
        }
        return switch (ContainerKind.of(container)) {
            case TAR -> TarTree.read(container, false);
            case TAR_XZ -> TarTree.read(container, true);
            case EXT4 -> Ext4Tree.read(container);
            case REALMFS_IMAGE -> Ext4Tree.readRealmfsImage(container);
        };
    }

    /** Where this tree was read from, for messages. */
    public String source() {
        return source;
    }

    /** Every entry, sorted by path, the root first. */
    public List<RootfsEntry> entries() {
        List<RootfsEntry> all = new ArrayList<>();
        lookup("/").ifPresent(all::add);
        all.addAll(entriesUnder("/"));
        return all;
    }

    /**
     * The entries below {@code directory} at any depth (not the directory itself), sorted by path;
     * a symlink in {@code directory}'s own path is followed, none below it.
     */
    public List<RootfsEntry> entriesUnder(String directory) {
        Optional<String> dir = resolvedPath(directory, true);
        List<RootfsEntry> below = new ArrayList<>();
        dir.ifPresent(d -> collectBelow(d, below));
        below.sort(java.util.Comparator.comparing(RootfsEntry::path));
        return below;
    }

    /** The entries directly in {@code directory}, sorted by name. */
    public List<RootfsEntry> children(String directory) {
        Optional<String> dir = resolvedPath(directory, true);
        if (dir.isEmpty() || lookup(dir.get()).map(e -> e.type() != EntryType.DIRECTORY).orElse(true)) {
            return List.of();
        }
        return list(dir.get());
    }

    /**
     * The entry at {@code path} as {@code lstat} sees it: symlinks among the parent directories are
     * followed (merged /usr: /bin/sh is /usr/bin/sh), a symlink named by the path itself is not.
     */
    public Optional<RootfsEntry> entry(String path) {
        return resolvedPath(path, false).flatMap(this::lookup);
    }

    /** The entry at {@code path} as {@code stat} sees it: every symlink followed, inside the rootfs. */
    public Optional<RootfsEntry> resolve(String path) {
        return resolvedPath(path, true).flatMap(this::lookup);
    }

    /** The bytes of the regular file at {@code path} (symlinks followed). */
    public byte[] content(String path) {
        RootfsEntry file = resolve(path).orElseThrow(() -> new UnreadableRootfsException(
                "There is no " + path + " in " + source));
        if (file.type() != EntryType.FILE) {
            throw new UnreadableRootfsException(path + " in " + source + " is not a regular file: " + file);
        }
        try {
            return read(file);
        } catch (IOException e) {
            throw new UnreadableRootfsException("Cannot read " + path + " from " + source + ": " + e.getMessage(), e);
        }
    }

    /** The content of the file at {@code path} as UTF-8 text. */
    public String text(String path) {
        return new String(content(path), StandardCharsets.UTF_8);
    }

    /** The entry at {@code path}, whose parent directories are directories (no symlink among them). */
    protected abstract Optional<RootfsEntry> lookup(String path);

    /** The entries of the directory at {@code directory} (a directory, reached without symlinks), sorted by name. */
    protected abstract List<RootfsEntry> list(String directory);

    /** Reads one regular file's bytes from the container. */
    protected abstract byte[] read(RootfsEntry file) throws IOException;

    /** Adds every entry below {@code directory} (a resolved directory); trees that hold an index find them faster. */
    protected void collectBelow(String directory, List<RootfsEntry> below) {
        for (RootfsEntry e : list(directory)) {
            below.add(e);
            if (e.type() == EntryType.DIRECTORY) {
                collectBelow(e.path(), below);
            }
        }
    }

    /** Deletes what the reader needed on the host; the default has nothing to delete. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "RootfsTree[" + source + "]";
    }

    /** {@code path} made absolute, without empty components, {@code .} or trailing slashes ({@code ..} kept). */
    public static String normalize(String path) {
        StringBuilder s = new StringBuilder();
        for (String c : path.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                s.append('/').append(c);
            }
        }
        return s.length() == 0 ? "/" : s.toString();
    }

    static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private Optional<String> resolvedPath(String path, boolean followLast) {
        Deque<String> todo = new ArrayDeque<>(components(path));
        String current = "/";
        int hops = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.equals("..")) {
                current = parent(current);
                continue;
            }
            String candidate = current.equals("/") ? "/" + name : current + "/" + name;
            RootfsEntry e = lookup(candidate).orElse(null);
            if (e == null) {
                return Optional.empty();
            }
            boolean last = todo.isEmpty();
            if (e.type() == EntryType.SYMLINK && (!last || followLast)) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    return Optional.empty();
                }
                String target = e.symlinkTarget().orElseThrow();
                List<String> targetNames = components(target);
                for (int i = targetNames.size() - 1; i >= 0; i--) {
                    todo.addFirst(targetNames.get(i));
                }
                if (target.startsWith("/")) {
                    current = "/";
                }
                continue;
            }
            if (!last && e.type() != EntryType.DIRECTORY) {
                return Optional.empty();
            }
            current = candidate;
        }
        return Optional.of(current);
    }

    private static List<String> components(String path) {
        List<String> names = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                names.add(c);
            }
        }
        return names;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
