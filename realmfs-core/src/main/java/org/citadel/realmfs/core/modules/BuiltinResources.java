package org.citadel.realmfs.core.modules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.core.io.ClasspathResource;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * A directory of files shipped as class path resources under {@link BuiltinFiles#ROOT}, with an
 * index file beside it listing every file (class paths cannot be listed), one relative path a line.
 */
final class BuiltinResources {
    private final String directory;
    private final String index;

    /** @param name the directory's name under the root; its index is {@code NAME.list} */
    BuiltinResources(String name) {
        this.directory = BuiltinFiles.ROOT + name + "/";
        this.index = BuiltinFiles.ROOT + name + ".list";
    }

    List<String> names() {
        return new String(require(index), StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** The content of the file {@code name}, or empty when there is none by that name. */
    Optional<byte[]> content(String name) {
        if (!names().contains(name)) {
            return Optional.empty();
        }
        return Optional.of(require(directory + name));
    }

    /** Writes every file under {@code target} inside the rootfs, readable by all. */
    void writeTo(RootfsFiles rootfs, String target) {
        rootfs.createDirectories(target, 0755);
        for (String name : names()) {
            String path = target + "/" + name;
            rootfs.createDirectories(path.substring(0, path.lastIndexOf('/')), 0755);
            rootfs.write(path, require(directory + name), 0644);
        }
    }

    /** Writes every file under the host directory {@code target}, readable by all. */
    void writeTo(Path target) {
        try {
            for (String name : names()) {
                Path path = target.resolve(name).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("built-in file name '" + name + "' leaves its directory");
                }
                Files.createDirectories(path.getParent());
                Files.write(path, require(directory + name));
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException e) {
            throw HostFiles.ioFailure("write the built-in files to", target, e);
        }
    }

    /** A digest of every file's name and content, for cache keys. */
    String digest() {
        MessageDigest sha = Sha256.newDigest();
        for (String name : names()) {
            byte[] content = require(directory + name);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Long.toString(content.length).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(content);
        }
        return Sha256.hex(sha);
    }

    private static byte[] require(String resource) {
        return ClasspathResource.bytes(BuiltinResources.class, resource);
    }
}
