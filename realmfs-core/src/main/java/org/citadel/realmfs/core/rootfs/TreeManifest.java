package org.citadel.realmfs.core.rootfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.citadel.realmfs.core.io.DirectoryNames;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.linux.ExtendedAttributes;
import org.citadel.realmfs.core.linux.FileMetadata;
import org.citadel.realmfs.core.linux.NativeCallException;
import org.citadel.realmfs.core.linux.PathCalls;

/**
 * Every entry of a tree by its path inside it, with what {@link TreeDigest} covers (type and mode,
 * owner, mtime in seconds, extended attributes, a file's size and content digest, a symlink's
 * target, a device's number) and which names are hard links of one file: what two trees are
 * compared by to find what changed between them. Like the digest, a directory of another
 * filesystem is listed but not entered.
 */
public final class TreeManifest {
    /** In the order of the walk: a directory before what it holds, the first name of a file before its further links. */
    private final Map<String, Entry> entries;
    /** first name of a file with several links → all its names, sorted. */
    private final Map<String, List<String>> linkGroups;

    private TreeManifest(Map<String, Entry> entries, Map<String, List<String>> linkGroups) {
        this.entries = Collections.unmodifiableMap(entries);
        this.linkGroups = Map.copyOf(linkGroups);
    }

    /**
     * One name of the tree. {@code content} is a regular file's SHA-256, a symlink's target, else
     * empty; {@code firstName} the name (in sorted order) of the file's first link, its own path
     * but for further hard links; {@code xattrs} name → value in hex.
     */
    public record Entry(String path, int mode, int uid, int gid, long mtimeSeconds, long size, long rdev,
                        String content, SortedMap<String, String> xattrs, String firstName) {
        public static final int S_IFMT = 0170000;
        public static final int S_IFDIR = 0040000;
        public static final int S_IFREG = 0100000;
        public static final int S_IFLNK = 0120000;
        public static final int S_IFCHR = 0020000;
        public static final int S_IFBLK = 0060000;
        public static final int S_IFIFO = 0010000;

        public int type() {
            return mode & S_IFMT;
        }

        public boolean isDirectory() {
            return type() == S_IFDIR;
        }

        public boolean isFurtherLink() {
            return !firstName.equals(path);
        }

        /** The same kind of file with the same bytes (or target, or device): only its metadata may differ. */
        public boolean sameData(Entry other) {
            return type() == other.type() && size == other.size && rdev == other.rdev
                    && content.equals(other.content);
        }

        public boolean sameMetadata(Entry other) {
            return mode == other.mode && uid == other.uid && gid == other.gid && mtimeSeconds == other.mtimeSeconds
                    && xattrs.equals(other.xattrs);
        }

        public SortedMap<String, byte[]> xattrBytes() {
            SortedMap<String, byte[]> bytes = new TreeMap<>();
            xattrs.forEach((name, hex) -> bytes.put(name, HexFormat.of().parseHex(hex)));
            return bytes;
        }
    }

    public static TreeManifest of(Path root) {
        return new Walk().walk(root);
    }

    /** By path, in the walk's order (each directory's names sorted, depth first). */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** All names of the file whose first name is {@code firstName}: itself alone if it has one link. */
    public List<String> namesOf(String firstName) {
        return linkGroups.getOrDefault(firstName, List.of(firstName));
    }

    private static final class Walk {
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final Map<String, String> firstNames = new HashMap<>();
        private final Map<String, List<String>> groups = new HashMap<>();
        private final ExtendedAttributes xattrs = new ExtendedAttributes();
        private final MessageDigest digest = Sha256.newDigest();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);

        TreeManifest walk(Path root) {
            try {
                FileMetadata status = PathCalls.lstat(root);
                if ((status.mode() & Entry.S_IFMT) != Entry.S_IFDIR) {
                    throw new IOException("it is not a directory");
                }
                visit(root, "/", status, status.device());
            } catch (IOException e) {
                throw HostFiles.ioFailure("list the tree", root, e);
            } catch (NativeCallException e) {
                throw HostFiles.ioFailure("list the tree", root, new IOException(e.getMessage(), e));
            }
            groups.replaceAll((first, names) -> List.copyOf(names));
            return new TreeManifest(entries, groups);
        }

        private void visit(Path path, String name, FileMetadata status, long rootDevice) throws IOException {
            int type = status.mode() & Entry.S_IFMT;
            String first = name;
            if (type != Entry.S_IFDIR && status.links() > 1) {
                first = firstNames.computeIfAbsent(status.device() + ":" + status.inode(), key -> name);
                groups.computeIfAbsent(first, key -> new ArrayList<>()).add(name);
            }
            String content = "";
            if (!first.equals(name)) {
                content = entries.get(first).content();
            } else if (type == Entry.S_IFREG) {
                content = contentDigest(path);
            } else if (type == Entry.S_IFLNK) {
                content = Files.readSymbolicLink(path).toString();
            }
            SortedMap<String, String> attributes = new TreeMap<>();
            xattrs.read(path).forEach((key, value) -> attributes.put(key, HexFormat.of().formatHex(value)));
            long rdev = type == Entry.S_IFCHR || type == Entry.S_IFBLK ? status.rdev() : 0;
            entries.put(name, new Entry(name, status.mode(), status.uid(), status.gid(), status.mtimeSeconds(),
                    type == Entry.S_IFREG ? status.size() : 0, rdev, content,
                    Collections.unmodifiableSortedMap(attributes), first));
            if (type != Entry.S_IFDIR || status.device() != rootDevice) {
                return;
            }
            for (String child : DirectoryNames.sorted(path)) {
                Path childPath = path.resolve(child);
                visit(childPath, name.equals("/") ? "/" + child : name + "/" + child, PathCalls.lstat(childPath),
                        rootDevice);
            }
        }

        private String contentDigest(Path file) throws IOException {
            return Sha256.hex(Sha256.ofFile(digest, file, buffer));
        }
    }
}
