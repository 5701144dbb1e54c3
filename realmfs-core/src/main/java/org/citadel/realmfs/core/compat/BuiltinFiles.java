package org.citadel.realmfs.core.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * The files the built-in modules install with {@code install_file}, as resources laid out like the
 * original's {@code realmfs-files/}. The engine's {@code install_file} reads files from host
 * directories, so these are written once to a directory named after their content's digest
 * ({@code <cache>/builtin-files-<digest>}): it never changes once written, a new version of the files
 * gets a new directory, and concurrent loaders cannot see a half-written one (it is renamed into place).
 */
final class BuiltinFiles {
    private static final String FILES = BuiltinModules.ROOT + "realmfs-files/";
    /** Every file under realmfs-files/, one relative path a line (class paths cannot be listed). */
    private static final String INDEX = BuiltinModules.ROOT + "realmfs-files.list";

    private final Path cacheDirectory;

    BuiltinFiles(Path cacheDirectory) {
        this.cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
    }

    /** {@code $XDG_CACHE_HOME/realmfs} or {@code ~/.cache/realmfs}. */
    static Path defaultCacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("realmfs");
    }

    /** The directory holding the built-in files, written now if it does not exist yet. */
    Path directory() {
        Map<String, byte[]> files = read();
        Path target = cacheDirectory.resolve("builtin-files-" + digest(files));
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(cacheDirectory);
            Path staging = Files.createTempDirectory(cacheDirectory, ".builtin-files-");
            try {
                write(files, staging);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
            } finally {
                if (Files.exists(staging)) {
                    PathUtils.deleteDirectory(staging);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the builder's built-in files to " + target
                    + ": " + e.getMessage() + "; make " + cacheDirectory + " writable", e);
        }
    }

    /** The relative paths of the built-in files. */
    static List<String> names() {
        try (InputStream in = resource(INDEX)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + INDEX + " from the class path", e);
        }
    }

    private static Map<String, byte[]> read() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : names()) {
            try (InputStream in = resource(FILES + name)) {
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the built-in file " + name + " from the class path", e);
            }
        }
        return files;
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = BuiltinFiles.class.getResourceAsStream(path);
        if (in == null) {
            throw new IOException(path + " is missing from the class path (a broken realmfs-core jar?)");
        }
        return in;
    }

    private static void write(Map<String, byte[]> files, Path directory) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = directory.resolve(file.getKey()).normalize();
            if (!path.startsWith(directory)) {
                throw new IOException("built-in file name '" + file.getKey() + "' leaves its directory");
            }
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static String digest(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Long.toString(file.getValue().length).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.getValue());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
