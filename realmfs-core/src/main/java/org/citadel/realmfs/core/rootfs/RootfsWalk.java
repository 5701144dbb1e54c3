package org.citadel.realmfs.core.rootfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.core.io.DirectoryNames;
import org.citadel.realmfs.core.linux.AtCalls;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.linux.FileMetadata;
import org.citadel.realmfs.core.linux.PathCalls;

/**
 * Visits every file, directory and symlink of a rootfs tree, depth first, each directory's entries
 * sorted by name and each directory after its content. Each entry is opened as one name in its
 * already opened directory and never followed, so a symlink is visited as itself and nothing leads
 * the walk outside the tree; a directory on another filesystem (a mount point) is visited but not
 * entered.
 */
public final class RootfsWalk {

    /** One entry, valid only during its visit. */
    public interface Entry {
        RootfsPath path();

        FileMetadata metadata();

        /** Sets its access and modification time (a symlink's own). */
        void setTimes(long seconds, long nanos);
    }

    /** What to do with each entry. */
    public interface Visitor {
        /** Before a directory's content; false leaves its content out (the directory is still visited after). */
        default boolean enter(RootfsPath directory) {
            return true;
        }

        /** Every entry, the root too; a directory after its content. */
        void visit(Entry entry);
    }

    private final Path rootfs;

    public RootfsWalk(Path rootfs) {
        this.rootfs = rootfs.toAbsolutePath().normalize();
    }

    public void walk(Visitor visitor) {
        try (Fd root = AtCalls.openRoot(rootfs)) {
            FileMetadata metadata = PathCalls.fstat(root);
            if (visitor.enter(RootfsPath.ROOT)) {
                walkDirectory(root, RootfsPath.ROOT, metadata.device(), visitor);
            }
            visitor.visit(new Visited(RootfsPath.ROOT, metadata) {
                @Override
                public void setTimes(long seconds, long nanos) {
                    AtCalls.setTimes(root, seconds, nanos);
                }
            });
        }
    }

    private void walkDirectory(Fd directory, RootfsPath path, long device, Visitor visitor) {
        for (String name : sortedNames(directory, path)) {
            RootfsPath childPath = path.resolve(name);
            String description = describe(childPath);
            Optional<Fd> opened = AtCalls.openEntry(directory, name, description);
            if (opened.isEmpty()) {
                continue; // removed meanwhile
            }
            try (Fd child = opened.get()) {
                FileMetadata metadata = PathCalls.fstat(child);
                if (metadata.kind() == FileKind.DIRECTORY && metadata.device() == device && visitor.enter(childPath)) {
                    walkDirectory(child, childPath, device, visitor);
                }
                visitor.visit(new Visited(childPath, metadata) {
                    @Override
                    public void setTimes(long seconds, long nanos) {
                        AtCalls.setTimesAt(directory, name, seconds, nanos, description);
                    }
                });
            }
        }
    }

    private List<String> sortedNames(Fd directory, RootfsPath path) {
        try {
            // the handle's /proc path is this very directory, whatever its path leads to meanwhile
            return DirectoryNames.sorted(AtCalls.procPath(directory));
        } catch (IOException e) {
            throw new RealmfsException("Cannot list " + describe(path) + ": " + e.getMessage(), e);
        }
    }

    private String describe(RootfsPath path) {
        return path + " in the rootfs " + rootfs;
    }

    private abstract static class Visited implements Entry {
        private final RootfsPath path;
        private final FileMetadata metadata;

        Visited(RootfsPath path, FileMetadata metadata) {
            this.path = path;
            this.metadata = metadata;
        }

        @Override
        public RootfsPath path() {
            return path;
        }

        @Override
        public FileMetadata metadata() {
            return metadata;
        }
    }
}
