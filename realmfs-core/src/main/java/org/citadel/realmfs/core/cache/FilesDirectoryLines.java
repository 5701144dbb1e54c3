package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.io.Sha256;

/**
 * Key lines for the content of a recipe's files directories, the files {@code install_file} can
 * install, and of its modules directories, the files {@code module NAME} can run: one line per
 * file, directory and symbolic link, with its path, mode and content digest, in a fixed order. A
 * change to any of them changes a line that names the file. A link is covered by its target's
 * name only: inside the chroot, where the helpers look, a link can only reach a file of the same
 * directory (whose own line covers it) or none.
 */
final class FilesDirectoryLines {
    private FilesDirectoryLines() {
    }

    static List<String> of(List<Path> directories) {
        return of("files directory", directories);
    }

    /** @param kind what the directories are, for the lines and messages ("files directory") */
    static List<String> of(String kind, List<Path> directories) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < directories.size(); i++) {
            Path directory = directories.get(i);
            if (!Files.isDirectory(directory)) {
                throw new InvalidRecipeException(Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " "
                        + directory + " does not exist");
            }
            String label = kind + " " + (i + 1);
            lines.add(label + ": " + directory);
            try (Stream<Path> tree = Files.walk(directory)) {
                for (Path path : tree.filter(p -> !p.equals(directory)).sorted().toList()) {
                    lines.add(label + " " + directory.relativize(path) + ": " + describe(path));
                }
            } catch (IOException e) {
                throw HostFiles.ioFailure("read, for the layer cache key, the " + kind, directory, e);
            } catch (UncheckedIOException e) { // what Files.walk meets while it walks
                throw HostFiles.ioFailure("read, for the layer cache key, the " + kind, directory, e.getCause());
            }
        }
        return lines;
    }

    private static String describe(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return "symlink to " + Files.readSymbolicLink(path);
        }
        String mode = Integer.toOctalString((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return "directory " + mode;
        }
        return "file " + mode + " sha256 " + contentDigest(path);
    }

    private static String contentDigest(Path file) throws IOException {
        MessageDigest sha = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Sha256.hex(sha);
    }
}
