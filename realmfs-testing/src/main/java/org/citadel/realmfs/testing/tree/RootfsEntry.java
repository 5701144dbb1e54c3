package org.citadel.realmfs.testing.tree;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a built rootfs, as {@code lstat} sees it inside the image.
 *
 * @param path          absolute inside the rootfs, normalized: {@code /}, {@code /etc/motd}
 * @param mode          the permission bits with set-uid, set-gid and sticky ({@code 07777})
 * @param size          bytes of a file, the target's length for a symlink, 0 when the container does not say
 * @param symlinkTarget the link's target as written, for a {@link EntryType#SYMLINK}
 */
public record RootfsEntry(String path, EntryType type, int mode, long uid, long gid, long size,
                          Optional<String> symlinkTarget) {
    public RootfsEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(symlinkTarget, "symlinkTarget");
        if ((type == EntryType.SYMLINK) != symlinkTarget.isPresent()) {
            throw new IllegalArgumentException(path + ": a symlink target is given exactly for a symlink");
        }
        mode &= 07777;
    }

    /** The last name of the path; empty for the root. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A regular file any of whose execute bits is set. */
    public boolean isExecutable() {
        return type == EntryType.FILE && (mode & 0111) != 0;
    }

    /** The mode as four octal digits, as {@code stat -c %a} would pad it: {@code 0644}. */
    public String octalMode() {
        return String.format("%04o", mode);
    }

    /** One line as {@code ls -ln} shows it: {@code -rw-r--r-- 0 0 14 /etc/motd}, {@code lrwxrwxrwx ... -> target}. */
    @Override
    public String toString() {
        return type.letter() + permissions() + " " + uid + " " + gid + " " + size + " " + path
                + symlinkTarget.map(t -> " -> " + t).orElse("");
    }

    private String permissions() {
        StringBuilder s = new StringBuilder(9);
        String rwx = "rwxrwxrwx";
        for (int bit = 0; bit < 9; bit++) {
            s.append((mode & (0400 >> bit)) != 0 ? rwx.charAt(bit) : '-');
        }
        if ((mode & 04000) != 0) {
            s.setCharAt(2, (mode & 0100) != 0 ? 's' : 'S');
        }
        if ((mode & 02000) != 0) {
            s.setCharAt(5, (mode & 0010) != 0 ? 's' : 'S');
        }
        if ((mode & 01000) != 0) {
            s.setCharAt(8, (mode & 0001) != 0 ? 't' : 'T');
        }
        return s.toString();
    }
}
