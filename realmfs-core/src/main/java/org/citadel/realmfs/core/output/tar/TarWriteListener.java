package org.citadel.realmfs.core.output.tar;

/** Told about each part of the tree that a {@link RootfsTarWriter} leaves out of the archive. */
@FunctionalInterface
public interface TarWriteListener {

    /** Why something was left out. */
    enum Omission {
        /** A socket: it cannot be archived, and a running service recreates it. */
        SOCKET,
        /** The contents of a directory on another filesystem (a mount point); the directory itself is archived. */
        OTHER_FILESYSTEM
    }

    TarWriteListener IGNORE = (entryName, omission) -> { };

    /** {@code entryName} is the name the entry has or would have had in the archive, like {@code ./run/x.sock}. */
    void omitted(String entryName, Omission omission);
}
