package org.citadel.realmfs.core.modules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * The files the built-in modules install with {@code install_file}, shipped as resources laid out
 * like the original's {@code /usr/share/realmfs-builder/realmfs-files}. Every build's
 * {@code install_file} searches them last, after the recipe's files directories; they are written
 * inside the chroot's build directory (a tmpfs), so no host file outside the work directory is
 * touched.
 */
public final class BuiltinFiles {
    /** Where the built-in modules and files live on the class path. */
    public static final String ROOT = "/org/citadel/realmfs/core/modules/builtin/";
    private static final String FILES = ROOT + "realmfs-files/";
    /** Every file under realmfs-files/, one relative path a line (class paths cannot be listed). */
    private static final String INDEX = ROOT + "realmfs-files.list";

    private BuiltinFiles() {
    }

    /** The relative paths of the built-in files. */
    public static List<String> names() {
        return new String(read(INDEX), StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** Writes every built-in file under {@code directory} inside the rootfs, readable by all. */
    static void writeTo(RootfsFiles rootfs, String directory) {
        for (String name : names()) {
            String path = directory + "/" + name;
            rootfs.createDirectories(path.substring(0, path.lastIndexOf('/')), 0755);
            rootfs.write(path, read(FILES + name), 0644);
        }
    }

    /** Writes every built-in file under the host directory {@code directory}, readable by all. */
    static void writeTo(Path directory) {
        try {
            for (String name : names()) {
                Path path = directory.resolve(name).normalize();
                if (!path.startsWith(directory)) {
                    throw new IOException("built-in file name '" + name + "' leaves its directory");
                }
                Files.createDirectories(path.getParent());
                Files.write(path, read(FILES + name));
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the built-in files to " + directory, e);
        }
    }

    /** A digest of every built-in file's name and content, for cache keys. */
    public static String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String name : names()) {
                byte[] content = read(FILES + name);
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Long.toString(content.length).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(content);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = BuiltinFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path (a broken realmfs-core jar?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource + " from the class path", e);
        }
    }
}
