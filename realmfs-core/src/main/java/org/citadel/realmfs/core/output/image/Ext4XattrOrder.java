package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.citadel.realmfs.core.linux.ExtendedAttributes;

/**
 * The debugfs commands that put the extended attributes of every file with more than one in one
 * order, by name. mkfs stores those that fit in the inode in the order the source filesystem lists
 * them: by name on tmpfs, but in the order they were set on ext4, so a rootfs on disk restored from
 * a layer (sorted) and one built cold (in dpkg's or a module's order) would differ. Removing them
 * all and setting them again in order makes the order the same whatever the source.
 */
final class Ext4XattrOrder {
    /** debugfs reads its script in lines of at most BUFSIZ (8192) bytes; longer ones are not reordered. */
    private static final int MAX_LINE = 8000;

    private Ext4XattrOrder() {
    }

    /** @param warning told of a file left in mkfs's order, and why */
    static List<String> commands(Path rootfs, Consumer<String> warning) throws IOException {
        List<String> commands = new ArrayList<>();
        ExtendedAttributes xattrs = new ExtendedAttributes();
        Set<Object> seenLinks = new HashSet<>();
        long rootDevice = (Long) Files.getAttribute(rootfs, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        Files.walkFileTree(rootfs, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                add(dir, attributes);
                boolean sameFilesystem = dir.equals(rootfs)
                        || (Long) Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS) == rootDevice;
                return sameFilesystem ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                add(file, attributes);
                return FileVisitResult.CONTINUE;
            }

            private void add(Path path, BasicFileAttributes status) throws IOException {
                SortedMap<String, byte[]> attributes = xattrs.read(path);
                if (attributes.size() < 2 || status.isRegularFile() && !seenLinks.add(status.fileKey())
                        && (Integer) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS) > 1) {
                    return; // a further name of a file whose attributes its first name orders
                }
                String name = "/" + rootfs.relativize(path).toString();
                List<String> lines = commandsFor(name.equals("/") ? "/" : name, attributes);
                if (lines.stream().anyMatch(line -> line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE
                        || line.contains("\n") || line.contains("\r"))) {
                    warning.accept("The extended attributes of " + name + " stay in the order its filesystem lists"
                            + " them in the ext4 image: a line or newline in its name or values is more than"
                            + " debugfs reads, so another build of the same tree on another filesystem may order"
                            + " them otherwise");
                    return;
                }
                commands.addAll(lines);
            }
        });
        return commands;
    }

    static List<String> commandsFor(String path, SortedMap<String, byte[]> attributes) {
        List<String> lines = new ArrayList<>();
        lines.add("ea_rm " + quoted(path) + " " + String.join(" ", attributes.keySet().stream()
                .map(Ext4XattrOrder::quoted).toList()));
        for (Map.Entry<String, byte[]> attribute : attributes.entrySet()) {
            byte[] value = attribute.getValue();
            lines.add(value.length == 0
                    ? "ea_set -f /dev/null " + quoted(path) + " " + quoted(attribute.getKey())
                    : "ea_set " + quoted(path) + " " + quoted(attribute.getKey()) + " " + escaped(value));
        }
        return lines;
    }

    /** debugfs's parser takes a token in double quotes whole, and "" in it as one quote. */
    static String quoted(String token) {
        return "\"" + token.replace("\"", "\"\"") + "\"";
    }

    /** Every byte as \xHH, which debugfs's ea_set decodes (NULs included). */
    static String escaped(byte[] value) {
        StringBuilder text = new StringBuilder(value.length * 4);
        for (byte b : value) {
            text.append(String.format("\\x%02x", b & 0xFF));
        }
        return text.toString();
    }
}
