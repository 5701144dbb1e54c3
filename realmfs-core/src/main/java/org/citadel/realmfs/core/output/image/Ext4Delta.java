package org.citadel.realmfs.core.output.image;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.rootfs.TreeManifest;
import org.citadel.realmfs.core.rootfs.TreeManifest.Entry;

/**
 * The debugfs commands that turn an ext4 image of one tree (the base) into an image of another
 * (the final tree), touching only what differs: names gone or replaced are removed (contents
 * before their directory), then new or replaced ones created in the final tree's walk order
 * (a directory before its contents, a file's first name before its further links), then the
 * metadata of the names kept set where it changed. A file whose bytes, type or set of hard links
 * changed is replaced whole; one whose mode, owner, mtime or extended attributes changed keeps
 * its inode and blocks. {@code /lost+found} is mkfs's and left as it is. Times other than mtimes
 * are {@link Ext4Debugfs}'s to set afterwards.
 */
final class Ext4Delta {
    private static final String LOST_FOUND = "/lost+found";
    /** debugfs reads its script in lines of at most BUFSIZ (8192) bytes. */
    private static final int MAX_LINE = 8000;

    private final TreeManifest base;
    private final TreeManifest target;
    private final Path targetRoot;

    /** @param targetRoot the final tree on the host, where the new files' bytes are read from */
    Ext4Delta(TreeManifest base, TreeManifest target, Path targetRoot) {
        this.base = base;
        this.target = target;
        this.targetRoot = targetRoot;
    }

    /** What differs, counted: names removed, names created, names whose metadata alone changed. */
    record Counts(int removed, int created, int metadataChanged) {
    }

    Counts counts() {
        int removed = (int) base.entries().keySet().stream().filter(this::removed).count();
        int created = (int) target.entries().keySet().stream().filter(this::created).count();
        int changed = (int) target.entries().keySet().stream().filter(this::metadataChanged).count();
        return new Counts(removed, created, changed);
    }

    List<String> commands() {
        List<String> lines = new ArrayList<>();
        Set<String> touchedDirectories = new HashSet<>();
        List<String> gone = base.entries().keySet().stream().filter(this::removed).toList();
        for (int i = gone.size() - 1; i >= 0; i--) {
            String path = gone.get(i);
            lines.add((base.entries().get(path).isDirectory() ? "rmdir " : "rm ") + quoted(path));
            touchedDirectories.add(parent(path));
        }
        Set<String> linked = new LinkedHashSet<>();
        for (Entry entry : target.entries().values()) {
            if (!created(entry.path())) {
                continue;
            }
            touchedDirectories.add(parent(entry.path()));
            if (entry.isFurtherLink()) {
                lines.add("ln " + quoted(entry.firstName()) + " " + quoted(entry.path()));
                linked.add(entry.firstName());
                continue;
            }
            lines.addAll(creation(entry));
            lines.addAll(metadata(entry, null));
        }
        for (String first : linked) {
            lines.add("sif " + quoted(first) + " links_count " + target.namesOf(first).size());
        }
        Entry root = target.entries().get("/");
        // mkfs gives the root its clock's time whatever the tree says: the root's fields are always set
        lines.addAll(metadata(root, null).stream().filter(line -> line.startsWith("sif ")).toList());
        for (Entry entry : target.entries().values()) {
            if (entry.path().equals("/")) {
                if (!root.xattrs().equals(base.entries().get("/").xattrs())) {
                    lines.addAll(metadata(root, base.entries().get("/")).stream()
                            .filter(line -> !line.startsWith("sif ")).toList());
                }
            } else if (metadataChanged(entry.path())) {
                lines.addAll(metadata(entry, base.entries().get(entry.path())));
            } else if (touchedDirectories.contains(entry.path()) && !created(entry.path())) {
                // adding or removing a name leaves the directory's mtime to whoever asks
                lines.add("sif " + quoted(entry.path()) + " mtime @" + entry.mtimeSeconds());
            }
        }
        for (String line : lines) {
            if (line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE || line.contains("\n")
                    || line.contains("\r")) {
                throw new BuildFailedException(Stage.WRITE_OUTPUTS, "The ext4 delta cannot say in a debugfs line: "
                        + line.substring(0, Math.min(200, line.length())) + "...", List.of());
            }
        }
        return lines;
    }

    private boolean removed(String path) {
        return !lostAndFound(path) && (!target.entries().containsKey(path) || replaced(path));
    }

    private boolean created(String path) {
        return !lostAndFound(path) && (!base.entries().containsKey(path) || replaced(path));
    }

    private boolean metadataChanged(String path) {
        Entry now = target.entries().get(path);
        Entry before = base.entries().get(path);
        return before != null && !lostAndFound(path) && !replaced(path) && !now.isFurtherLink()
                && !now.sameMetadata(before);
    }

    private boolean replaced(String path) {
        Entry before = base.entries().get(path);
        Entry now = target.entries().get(path);
        if (before == null || now == null) {
            return false;
        }
        return !before.sameData(now)
                || !before.isDirectory() && !base.namesOf(before.firstName()).equals(target.namesOf(now.firstName()));
    }

    private List<String> creation(Entry entry) {
        String path = quoted(entry.path());
        return switch (entry.type()) {
            case Entry.S_IFDIR -> List.of("mkdir " + path);
            case Entry.S_IFREG -> List.of("write " + quoted(hostPath(entry.path()).toString()) + " " + path);
            case Entry.S_IFLNK -> List.of("symlink " + path + " " + quoted(entry.content()));
            case Entry.S_IFCHR, Entry.S_IFBLK -> inParent(entry.path(), (entry.type() == Entry.S_IFCHR ? " c " : " b ")
                    + major(entry.rdev()) + " " + minor(entry.rdev()));
            case Entry.S_IFIFO -> inParent(entry.path(), " p");
            default -> throw new BuildFailedException(Stage.WRITE_OUTPUTS, "The ext4 delta cannot create "
                    + entry.path() + " (mode 0" + Integer.toOctalString(entry.mode()) + "): debugfs makes no sockets",
                    List.of());
        };
    }

    /** debugfs's mknod takes a name in the current directory (a path would be one name with slashes). */
    private static List<String> inParent(String path, String nodeArguments) {
        return List.of("cd " + quoted(parent(path)), "mknod " + quoted(path.substring(path.lastIndexOf('/') + 1))
                + nodeArguments, "cd /");
    }

    /** The fields of {@code entry} that differ from {@code before} (all of them for a new name). */
    private static List<String> metadata(Entry entry, Entry before) {
        List<String> lines = new ArrayList<>();
        String path = quoted(entry.path());
        if (before == null || before.mode() != entry.mode()) {
            lines.add("sif " + path + " mode 0" + Integer.toOctalString(entry.mode()));
        }
        if (before == null || before.uid() != entry.uid()) {
            lines.add("sif " + path + " uid " + entry.uid());
        }
        if (before == null || before.gid() != entry.gid()) {
            lines.add("sif " + path + " gid " + entry.gid());
        }
        if (before == null || before.mtimeSeconds() != entry.mtimeSeconds()) {
            lines.add("sif " + path + " mtime @" + entry.mtimeSeconds());
        }
        if (before != null && !before.xattrs().equals(entry.xattrs()) && !before.xattrs().isEmpty()) {
            lines.add("ea_rm " + path + " " + String.join(" ",
                    before.xattrs().keySet().stream().map(Ext4XattrOrder::quoted).toList()));
        }
        if (before == null || !before.xattrs().equals(entry.xattrs())) {
            SortedMap<String, byte[]> values = entry.xattrBytes();
            for (Map.Entry<String, byte[]> attribute : values.entrySet()) {
                lines.add(attribute.getValue().length == 0
                        ? "ea_set -f /dev/null " + path + " " + quoted(attribute.getKey())
                        : "ea_set " + path + " " + quoted(attribute.getKey()) + " "
                                + Ext4XattrOrder.escaped(attribute.getValue()));
            }
        }
        return lines;
    }

    private Path hostPath(String path) {
        return targetRoot.resolve(path.substring(1));
    }

    private static boolean lostAndFound(String path) {
        return path.equals(LOST_FOUND) || path.startsWith(LOST_FOUND + "/");
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String quoted(String token) {
        return Ext4XattrOrder.quoted(token);
    }

    /** Linux's encoding of st_rdev (glibc's gnu_dev_major/minor). */
    static long major(long rdev) {
        return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    }

    static long minor(long rdev) {
        return (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    }
}
