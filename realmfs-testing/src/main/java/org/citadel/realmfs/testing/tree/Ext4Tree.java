package org.citadel.realmfs.testing.tree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.testing.image.RealmfsImage;

/**
 * A rootfs in an ext4 image, read with {@code debugfs} (see {@link Debugfs}): the tree is listed
 * one directory level per debugfs session ({@code ls -p}), symlink targets come from {@code stat}
 * (fast links) or {@code cat} (slow links), file contents from {@code cat} when asked for.
 */
final class Ext4Tree extends IndexedTree {
    /** {@code ls -p}: {@code /inode/mode/uid/gid/name/size/}, the size empty for a directory. */
    private static final Pattern LS_LINE = Pattern.compile("^/(\\d+)/([0-7]+)/(\\d+)/(\\d+)/(.*)/(\\d*)/$");
    private static final Pattern FAST_LINK = Pattern.compile("Fast link dest: \"(.*)\"\\s*$", Pattern.MULTILINE);

    private final Debugfs debugfs;
    private final Optional<Path> scratch;

    private Ext4Tree(String source, List<RootfsEntry> entries, Debugfs debugfs, Optional<Path> scratch) {
        super(source, entries);
        this.debugfs = debugfs;
        this.scratch = scratch;
    }

    static Ext4Tree read(Path image) {
        return read(image.toString(), new Debugfs(image, 0), Optional.empty());
    }

    /** The ext4 inside a RealmFS image: read in place when uncompressed, else from a sparse scratch copy. */
    static Ext4Tree readRealmfsImage(Path image) {
        RealmfsImage realmfs = RealmfsImage.open(image);
        if (!realmfs.isCompressed()) {
            return read(image.toString(), new Debugfs(image, RealmfsImage.HEADER_BYTES), Optional.empty());
        }
        Path ext4 = realmfs.decompressData();
        try {
            return read(image.toString(), new Debugfs(ext4, 0), Optional.of(ext4));
        } catch (RuntimeException e) {
            deleteQuietly(ext4);
            throw e;
        }
    }

    private static Ext4Tree read(String source, Debugfs debugfs, Optional<Path> scratch) {
        try {
            return new Ext4Tree(source, list(debugfs), debugfs, scratch);
        } catch (IOException e) {
            throw new UnreadableRootfsException("Cannot read the ext4 image " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected byte[] read(RootfsEntry file) throws IOException {
        return debugfs.cat(file.path());
    }

    @Override
    public void close() {
        scratch.ifPresent(Ext4Tree::deleteQuietly);
    }

    private static List<RootfsEntry> list(Debugfs debugfs) throws IOException {
        List<RootfsEntry> entries = new ArrayList<>();
        List<RootfsEntry> symlinks = new ArrayList<>();
        List<String> level = List.of("/");
        while (!level.isEmpty()) {
            List<String> commands = level.stream().map(d -> "ls -p " + Debugfs.quote(d)).toList();
            List<String> listings = debugfs.session(commands);
            List<String> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i++) {
                String dir = level.get(i);
                for (String line : listings.get(i).split("\n")) {
                    Matcher m = LS_LINE.matcher(line);
                    // Inode 0 is an unused directory slot (lost+found is made of them).
                    if (!m.matches() || m.group(1).equals("0") || m.group(5).equals(".") || m.group(5).equals("..")) {
                        continue;
                    }
                    String path = dir.equals("/") ? "/" + m.group(5) : dir + "/" + m.group(5);
                    int stMode = Integer.parseInt(m.group(2), 8);
                    EntryType type = EntryType.ofStMode(stMode);
                    long size = m.group(6).isEmpty() ? 0 : Long.parseLong(m.group(6));
                    RootfsEntry e = new RootfsEntry(path, type == EntryType.SYMLINK ? EntryType.FILE : type, stMode,
                            Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), size, Optional.empty());
                    if (type == EntryType.DIRECTORY) {
                        next.add(path);
                    }
                    (type == EntryType.SYMLINK ? symlinks : entries).add(e);
                }
            }
            level = next;
        }
        entries.addAll(withTargets(debugfs, symlinks));
        return entries;
    }

    /** The symlinks with their targets: {@code stat} shows a fast link's; a slow link's is its data. */
    private static List<RootfsEntry> withTargets(Debugfs debugfs, List<RootfsEntry> symlinks) throws IOException {
        if (symlinks.isEmpty()) {
            return List.of();
        }
        List<String> stats = debugfs.session(symlinks.stream().map(s -> "stat " + Debugfs.quote(s.path())).toList());
        List<RootfsEntry> linked = new ArrayList<>(symlinks.size());
        for (int i = 0; i < symlinks.size(); i++) {
            RootfsEntry s = symlinks.get(i);
            Matcher fast = FAST_LINK.matcher(stats.get(i));
            String target = fast.find() ? fast.group(1)
                    : new String(debugfs.cat(s.path()), java.nio.charset.StandardCharsets.UTF_8);
            linked.add(new RootfsEntry(s.path(), EntryType.SYMLINK, s.mode(), s.uid(), s.gid(), s.size(),
                    Optional.of(target)));
        }
        return linked;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A scratch file in the temporary directory.
        }
    }
}
