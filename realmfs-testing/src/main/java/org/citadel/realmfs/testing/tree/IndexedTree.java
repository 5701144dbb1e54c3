package org.citadel.realmfs.testing.tree;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** A tree whose every entry was read when it was opened (archives, images): lookups answer from that index. */
abstract class IndexedTree extends RootfsTree {
    private final NavigableMap<String, RootfsEntry> entries = new TreeMap<>();

    IndexedTree(String source, Collection<RootfsEntry> entries) {
        super(source);
        entries.forEach(e -> this.entries.put(e.path(), e));
        this.entries.putIfAbsent("/", new RootfsEntry("/", EntryType.DIRECTORY, 0755, 0, 0, 0, Optional.empty()));
    }

    @Override
    protected Optional<RootfsEntry> lookup(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    @Override
    protected List<RootfsEntry> list(String directory) {
        String prefix = directory.equals("/") ? "/" : directory + "/";
        return below(prefix).stream().filter(e -> e.path().indexOf('/', prefix.length()) < 0).toList();
    }

    @Override
    protected void collectBelow(String directory, List<RootfsEntry> below) {
        below.addAll(below(directory.equals("/") ? "/" : directory + "/"));
    }

    private List<RootfsEntry> below(String prefix) {
        return new ArrayList<>(entries.subMap(prefix, false, prefix + Character.MAX_VALUE, false).values());
    }
}
