package org.citadel.realmfs.core.linux;

/** What kind of file a path or descriptor names, as far as confined file access needs to tell. */
public enum FileKind {
    DIRECTORY, REGULAR_FILE, SYMLINK,
    /** A character or a block device node: its mode says which, its {@code st_rdev} which device. */
    DEVICE,
    /** A FIFO or a socket. */
    OTHER;

    static FileKind ofMode(int mode) {
        return switch (mode & 0170000) {
            case 0040000 -> DIRECTORY;
            case 0100000 -> REGULAR_FILE;
            case 0120000 -> SYMLINK;
            case 0020000, 0060000 -> DEVICE;
            default -> OTHER;
        };
    }
}
