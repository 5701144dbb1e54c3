package org.citadel.realmfs.core.output.tar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The directory an archive is restored into, and the one place that turns entry names into paths:
 * it refuses every name that would land outside it, whether by an absolute name, by "..", or by
 * going through a symbolic link that an earlier entry created.
 */
final class RestoreTarget {

    private final Path root;
    /** A directory already checked to be reached through real directories only; entries mostly share it. */
    private Path lastCheckedDirectory;

    RestoreTarget(Path root) {
        this.root = root;
        this.lastCheckedDirectory = root;
    }

    /** Where the entry {@code name} goes: the root itself for "./". */
    Path pathOf(String name) {
        if (name.startsWith("/")) {
            throw new UnsafeTarEntryException("The tar entry " + name + " has an absolute name; refusing to restore it"
                    + " outside " + root + " (archive the tree with relative names, as with tar -C root .)");
        }
        Path path = root;
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeTarEntryException("The tar entry " + name + " contains \"..\"; refusing to restore it,"
                        + " as it could reach outside " + root);
            }
            if (!part.isEmpty() && !part.equals(".")) {
                path = path.resolve(part);
            }
        }
        return path;
    }

    /**
     * Makes sure every directory from the root down to {@code path}'s parent is a real directory,
     * creating missing ones; fails if one is a symbolic link or another kind of file.
     */
    void prepareParentsOf(Path path, String name) throws IOException {
        walkParentsOf(path, name, true);
    }

    /** Like {@link #prepareParentsOf} but creates nothing: for the target of a hard link. */
    void checkParentsOf(Path path, String name) throws IOException {
        walkParentsOf(path, name, false);
    }

    private void walkParentsOf(Path path, String name, boolean createMissing) throws IOException {
        Path parent = path.equals(root) ? root : path.getParent();
        if (parent.equals(lastCheckedDirectory)) {
            return;
        }
        Path directory = root;
        for (Path part : root.relativize(parent)) {
            directory = directory.resolve(part);
            if (Files.isSymbolicLink(directory)) {
                throw new UnsafeTarEntryException("The tar entry " + name + " would be restored through the symbolic link "
                        + directory + ", which may point outside " + root + "; refusing to follow it");
            }
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                if (!createMissing || Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RootfsTarException("Cannot restore the tar entry " + name + ": " + directory
                            + " is not a directory");
                }
                Files.createDirectory(directory);
            }
        }
        lastCheckedDirectory = parent;
    }
}
