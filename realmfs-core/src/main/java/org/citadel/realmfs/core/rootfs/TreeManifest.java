package org.citadel.realmfs.core.rootfs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /** Writes this manifest to {@code file}, to be {@link #read} back equal (the manifest of a tree no longer at hand). */
    public void write(Path file) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeUTF(FORMAT);
            out.writeInt(entries.size());
            for (Entry e : entries.values()) {
                writeText(out, e.path());
                out.writeInt(e.mode());
                out.writeInt(e.uid());
                out.writeInt(e.gid());
                out.writeLong(e.mtimeSeconds());
                out.writeLong(e.size());
                out.writeLong(e.rdev());
                writeText(out, e.content());
                out.writeInt(e.xattrs().size());
                for (Map.Entry<String, String> xattr : e.xattrs().entrySet()) {
                    writeText(out, xattr.getKey());
                    writeText(out, xattr.getValue());
                }
                writeText(out, e.firstName());
            }
            out.writeInt(linkGroups.size());
            for (Map.Entry<String, List<String>> group : new TreeMap<>(linkGroups).entrySet()) {
                writeText(out, group.getKey());
                out.writeInt(group.getValue().size());
                for (String name : group.getValue()) {
                    writeText(out, name);
                }
            }
        } catch (IOException e) {
            throw HostFiles.ioFailure("write the tree manifest", file, e);
        }
    }

    /** A manifest {@link #write} wrote; a file that is not one whole fails with an IOException saying so. */
    public static TreeManifest read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            String format = in.readUTF();
            if (!format.equals(FORMAT)) {
                throw new IOException("it is no tree manifest of this format (" + format + ")");
            }
            int count = in.readInt();
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String path = readText(in);
                int mode = in.readInt();
                int uid = in.readInt();
                int gid = in.readInt();
                long mtime = in.readLong();
                long size = in.readLong();
                long rdev = in.readLong();
                String content = readText(in);
                int xattrCount = in.readInt();
                SortedMap<String, String> xattrs = new TreeMap<>();
                for (int x = 0; x < xattrCount; x++) {
                    xattrs.put(readText(in), readText(in));
                }
                entries.put(path, new Entry(path, mode, uid, gid, mtime, size, rdev, content,
                        Collections.unmodifiableSortedMap(xattrs), readText(in)));
            }
            int groupCount = in.readInt();
            Map<String, List<String>> groups = new HashMap<>();
            for (int i = 0; i < groupCount; i++) {
                String first = readText(in);
                int names = in.readInt();
                List<String> group = new ArrayList<>(names);
                for (int n = 0; n < names; n++) {
                    group.add(readText(in));
                }
                groups.put(first, List.copyOf(group));
            }
            if (in.read() != -1) {
                throw new IOException("it has bytes after its end");
            }
            return new TreeManifest(entries, groups);
        } catch (java.io.EOFException e) {
            throw new IOException("it ends too early", e);
        }
    }

    private static final String FORMAT = "realmfs tree manifest 1";
    private static final int MAX_TEXT = 1 << 20;

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_TEXT) {
            throw new IOException("it holds a text of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("it ends too early");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TreeManifest that && entries.equals(that.entries) && linkGroups.equals(that.linkGroups);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
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
