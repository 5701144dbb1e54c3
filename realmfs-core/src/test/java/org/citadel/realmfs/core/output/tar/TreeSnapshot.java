package org.citadel.realmfs.core.output.tar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything an archive must preserve about a tree, one line per file sorted by path, so two trees
 * compare with one assertion: type, permissions, owner, size, mtime (seconds), link target, device
 * numbers, hard-link group, and the extended attributes as getfattr prints them. Sockets are left
 * out, as archives leave them out.
 */
final class TreeSnapshot {

    private TreeSnapshot() {
    }

    static List<String> of(Path root) throws IOException {
        Map<String, String> xattrs = extendedAttributes(root);
        Map<Long, String> firstNameOfInode = new HashMap<>();
        List<String> lines = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root).sorted()) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Map<String, Object> unix = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) unix.get("mode");
                int type = mode & 0170000;
                if (type == 0140000) {
                    continue;
                }
                String name = "./" + root.relativize(path);
                StringBuilder line = new StringBuilder(name)
                        .append(" mode=").append(Integer.toOctalString(mode))
                        .append(" owner=").append(unix.get("uid")).append(':').append(unix.get("gid"))
                        .append(" mtime=").append(((FileTime) unix.get("lastModifiedTime")).to(TimeUnit.SECONDS));
                if (type == 0100000) {
                    line.append(" size=").append(unix.get("size"));
                }
                if (type == 0120000) {
                    line.append(" link=").append(Files.readSymbolicLink(path));
                }
                if (type == 0020000 || type == 0060000) {
                    line.append(" rdev=").append(Long.toHexString((Long) unix.get("rdev")));
                }
                if (type != 0040000 && (Integer) unix.get("nlink") > 1) {
                    String first = firstNameOfInode.putIfAbsent((Long) unix.get("ino"), name);
                    line.append(" hardlink-of=").append(first == null ? name : first);
                }
                line.append(xattrs.getOrDefault(name, ""));
                lines.add(line.toString());
            }
        }
        return lines;
    }

    /** getfattr's hex dump of every attribute in every namespace, by entry name. */
    private static Map<String, String> extendedAttributes(Path root) {
        String dump = HostCommand.run("getfattr", "--recursive", "--physical", "--no-dereference", "--dump",
                "--match=-", "--encoding=hex", "--absolute-names", root.toString());
        Map<String, String> byName = new HashMap<>();
        String current = null;
        for (String line : dump.split("\n")) {
            if (line.startsWith("# file: ")) {
                Path file = Path.of(line.substring("# file: ".length()));
                current = "./" + root.relativize(file);
            } else if (!line.isBlank() && current != null) {
                byName.merge(current, " " + line, String::concat);
            }
        }
        return byName;
    }
}
