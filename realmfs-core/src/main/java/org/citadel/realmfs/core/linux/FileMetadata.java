package org.citadel.realmfs.core.linux;

/**
 * What stat(2) says about one file: its mode (type and permission bits), owner, the device
 * ({@code st_dev}) and inode that identify it, its link count, size, the device it is for a device
 * node ({@code st_rdev}), and its modification time: whole seconds, and the nanoseconds past them.
 */
public record FileMetadata(int mode, int uid, int gid, long device, long inode, int links, long size, long rdev,
                           long mtimeSeconds, long mtimeNanos) {

    public FileKind kind() {
        return FileKind.ofMode(mode);
    }

    /** The permission bits with setuid, setgid and sticky (mode & 07777). */
    public int permissions() {
        return mode & 07777;
    }

    /** Whether both describe the same file (same device and inode). */
    public boolean isSameFileAs(FileMetadata other) {
        return device == other.device && inode == other.inode;
    }
}
