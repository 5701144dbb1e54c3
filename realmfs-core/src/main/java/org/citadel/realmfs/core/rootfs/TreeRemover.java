package org.citadel.realmfs.core.rootfs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.core.io.HostFiles;

/**
 * Deletes a directory tree without ever crossing into another filesystem: a directory whose device
 * differs from the top's is a mount point, and deleting stops with an error naming it rather than
 * deleting a host filesystem's files through it. Symlinks are removed, never followed.
 */
public final class TreeRemover {
    private TreeRemover() {
    }

    public static void removeTree(Path top) {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Object topDevice = device(top);
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!device(dir).equals(topDevice)) {
                        throw new RealmfsException("Refusing to delete " + top + ": " + dir
                                + " is another filesystem mounted inside it; unmount it first (umount "
                                + dir + ")");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw HostFiles.ioFailure("delete", top, e);
        }
    }

    private static Object device(Path p) {
        try {
            return Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw HostFiles.ioFailure("stat", p, e);
        }
    }
}
