package org.citadel.realmfs.core.output.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.output.AtomicOutputFile;

/**
 * For tests of the output stage alone: the base of every ext4 image is an image of one given tree
 * (the rootfs itself, say: the delta is then empty), made on first use beside {@code directory}'s
 * files and deleted on close. {@link #none()} is for stages that write no ext4 image.
 */
public final class TreeBases implements Ext4BaseSource, AutoCloseable {
    private final Path tree;
    private final Path directory;
    private final BuildCommands commands;
    private final Instant time;
    private final Map<Ext4Size, Ext4Base> bases = new HashMap<>();
    private final List<AtomicOutputFile> files = new ArrayList<>();

    public TreeBases(Path tree, Path directory, BuildCommands commands, Instant time) {
        this.tree = tree;
        this.directory = directory;
        this.commands = commands;
        this.time = time;
    }

    /** A source for a stage that must ask for no base. */
    public static Ext4BaseSource none() {
        return size -> {
            throw new AssertionError("the stage asked for an ext4 base of " + size);
        };
    }

    @Override
    public Ext4Base baseFor(Ext4Size size) {
        return bases.computeIfAbsent(size, s -> {
            AtomicOutputFile file = new AtomicOutputFile(directory.resolve("base-" + files.size() + ".ext4"));
            files.add(file);
            return new Ext4DeltaWriter(commands).writeBase(tree, s, time, file);
        });
    }

    @Override
    public void close() {
        files.forEach(AtomicOutputFile::close);
    }
}
