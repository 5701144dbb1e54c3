package org.citadel.realmfs.testing.tree;

/** The kind of a rootfs entry, as {@code lstat} tells it (a symlink is never followed). */
public enum EntryType {
    FILE('-'), DIRECTORY('d'), SYMLINK('l'), CHARACTER_DEVICE('c'), BLOCK_DEVICE('b'), FIFO('p'), SOCKET('s');

    private final char letter;

    EntryType(char letter) {
        this.letter = letter;
    }

    /** The letter {@code ls -l} shows for it. */
    public char letter() {
        return letter;
    }

    /** The type from the {@code S_IFMT} bits of a {@code st_mode}. */
    public static EntryType ofStMode(int stMode) {
        return switch (stMode & 0170000) {
            case 0100000 -> FILE;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0020000 -> CHARACTER_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            default -> throw new IllegalArgumentException("st_mode " + Integer.toOctalString(stMode) + " has no file type");
        };
    }
}
