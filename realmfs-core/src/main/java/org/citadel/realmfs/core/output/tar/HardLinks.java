package org.citadel.realmfs.core.output.tar;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers the first entry name of each file with several links, until all its links have been
 * seen, so later names can be archived as hard links to it. Holds only files with pending links.
 */
final class HardLinks {

    private record FileKey(long device, long inode) {
    }

    private static final class FirstName {
        final String name;
        int linksToCome;

        FirstName(String name, int linksToCome) {
            this.name = name;
            this.linksToCome = linksToCome;
        }
    }

    private final Map<FileKey, FirstName> pending = new HashMap<>();

    /** The name {@code status}'s file was first archived under, or empty if this is its first name. */
    Optional<String> firstNameOf(String name, FileStatus status) {
        if (status.links() < 2 || status.type() == FileType.DIRECTORY) {
            return Optional.empty();
        }
        FileKey key = new FileKey(status.device(), status.inode());
        FirstName first = pending.get(key);
        if (first == null) {
            pending.put(key, new FirstName(name, status.links() - 1));
            return Optional.empty();
        }
        if (--first.linksToCome == 0) {
            pending.remove(key);
        }
        return Optional.of(first.name);
    }
}
