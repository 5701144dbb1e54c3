package org.citadel.realmfs.core.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.core.io.HostFiles;

/** The mounts a mount namespace has, in the order they were made, as /proc/.../mountinfo lists them. */
public record MountTable(List<MountEntry> entries) {

    /** One line of mountinfo: where something is mounted, its filesystem type and its source. */
    public record MountEntry(Path mountPoint, String fsType, String source) {
    }

    public MountTable {
        entries = List.copyOf(entries);
    }

    /** The mounts of the JVM's main mount namespace (as seen by its main thread, that is the host's). */
    public static MountTable ofProcess() {
        return read(Path.of("/proc/self/mountinfo"));
    }

    /** The mounts of the calling thread's mount namespace (which may be a private one). */
    public static MountTable ofCallingThread() {
        return read(Path.of("/proc/thread-self/mountinfo"));
    }

    public static MountTable read(Path mountinfo) {
        return parse(HostFiles.readString("the mount table", mountinfo));
    }

    public static MountTable parse(String mountinfo) {
        List<MountEntry> entries = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            if (!line.isBlank()) {
                entries.add(parseLine(line));
            }
        }
        return new MountTable(entries);
    }

    // id parent major:minor root mount-point options [optional fields...] - fstype source super-options
    private static MountEntry parseLine(String line) {
        String[] fields = line.split(" ");
        int separator = List.of(fields).indexOf("-");
        if (fields.length < 5 || separator < 6 || separator + 2 >= fields.length) {
            throw new IllegalArgumentException("Not a mountinfo line: " + line);
        }
        return new MountEntry(Path.of(unescape(fields[4])), unescape(fields[separator + 1]),
                unescape(fields[separator + 2]));
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes such as {@code \040}. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    public boolean isMountPoint(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        return entries.stream().anyMatch(e -> e.mountPoint().equals(normal));
    }

    /** Mounts at {@code directory} or below it, the most recent first (the order to unmount them in). */
    public List<MountEntry> atOrBelowMostRecentFirst(Path directory) {
        Path normal = directory.toAbsolutePath().normalize();
        List<MountEntry> found = new ArrayList<>();
        for (MountEntry entry : entries) {
            if (entry.mountPoint().startsWith(normal)) {
                found.add(0, entry);
            }
        }
        return found;
    }
}
