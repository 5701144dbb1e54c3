package org.citadel.realmfs.core.output.tar;

/** The kinds of file a rootfs holds, from the file-type bits of st_mode. */
enum FileType {
    REGULAR, DIRECTORY, SYMLINK, CHARACTER_DEVICE, BLOCK_DEVICE, FIFO, SOCKET;

    static FileType ofMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> REGULAR;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0020000 -> CHARACTER_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            default -> throw new IllegalArgumentException("unknown file type in mode " + Integer.toOctalString(mode));
        };
    }
}
