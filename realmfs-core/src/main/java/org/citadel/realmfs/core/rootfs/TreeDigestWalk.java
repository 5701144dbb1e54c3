package org.citadel.realmfs.core.rootfs;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.citadel.realmfs.core.io.DirectoryNames;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.linux.AtCalls;
import org.citadel.realmfs.core.linux.ExtendedAttributes;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.linux.FileMetadata;
import org.citadel.realmfs.core.linux.NativeCallException;
import org.citadel.realmfs.core.linux.PathCalls;

/**
 * One walk of a tree feeding {@link TreeDigest}: each entry is written as length-prefixed fields
 * into one SHA-256, so no two different trees give the same stream. Directories are pinned as the
 * tar writer pins them: every name is looked up in the directory walked, and no symlink is followed.
 * Not thread-safe: one walk per digest.
 */
final class TreeDigestWalk {
    private final MessageDigest tree = Sha256.newDigest();
    private final MessageDigest content = Sha256.newDigest();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    private final ExtendedAttributes xattrs = new ExtendedAttributes();
    /** "device:inode" of a file with several links → its first name. */
    private final Map<String, String> firstNames = new HashMap<>();
    private final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
            new DigestOutputStream(OutputStream.nullOutputStream(), tree), 1 << 16));

    String digest(Path root) {
        try {
            FileMetadata status = PathCalls.lstat(root);
            if (status.kind() != FileKind.DIRECTORY) {
                throw HostFiles.ioFailure("compute the digest of the tree", root,
                        new IOException("it is not a directory"));
            }
            directory(root, "/", status, status.device());
            out.flush();
        } catch (IOException e) {
            throw HostFiles.ioFailure("compute the digest of the tree", root, e);
        } catch (NativeCallException e) {
            throw HostFiles.ioFailure("compute the digest of the tree", root, new IOException(e.getMessage(), e));
        }
        return Sha256.hex(tree);
    }

    private void directory(Path path, String name, FileMetadata status, long rootDevice) throws IOException {
        entry(name, status, path);
        out.writeByte('d');
        if (status.device() != rootDevice) {
            return;
        }
        try (Fd pinned = AtCalls.openDirectoryNoFollow(path)) {
            if (!AtCalls.isFile(pinned, status.device(), status.inode())) {
                throw new IOException(name + " changed while its digest was computed");
            }
            Path here = AtCalls.procPath(pinned);
            for (String child : DirectoryNames.sorted(here)) {
                Path childPath = here.resolve(child);
                FileMetadata childStatus = PathCalls.lstat(childPath);
                String childName = name.equals("/") ? "/" + child : name + "/" + child;
                if (childStatus.kind() == FileKind.DIRECTORY) {
                    directory(childPath, childName, childStatus, rootDevice);
                } else {
                    nonDirectory(childPath, childName, childStatus);
                }
            }
        }
    }

    private void nonDirectory(Path path, String name, FileMetadata status) throws IOException {
        if (status.links() > 1) {
            String key = status.device() + ":" + status.inode();
            String first = firstNames.putIfAbsent(key, name);
            if (first != null) {
                writeString(name);
                out.writeByte('h');
                writeString(first);
                return;
            }
        }
        entry(name, status, path);
        switch (status.kind()) {
            case REGULAR_FILE -> {
                out.writeByte('f');
                out.writeLong(status.size());
                out.write(contentDigest(path));
            }
            case SYMLINK -> {
                out.writeByte('l');
                writeString(Files.readSymbolicLink(path).toString());
            }
            case DEVICE -> {
                out.writeByte('c');
                out.writeLong(status.rdev());
            }
            case DIRECTORY, OTHER -> out.writeByte('o'); // a FIFO or a socket: its mode says which
        }
    }

    /** What every first name of a file has: name, mode (with the type), owner, mtime, extended attributes. */
    private void entry(String name, FileMetadata status, Path path) throws IOException {
        writeString(name);
        out.writeInt(status.mode());
        out.writeInt(status.uid());
        out.writeInt(status.gid());
        out.writeLong(status.mtimeSeconds());
        SortedMap<String, byte[]> attributes = xattrs.read(path);
        out.writeInt(attributes.size());
        for (Map.Entry<String, byte[]> attribute : attributes.entrySet()) {
            writeString(attribute.getKey());
            out.writeInt(attribute.getValue().length);
            out.write(attribute.getValue());
        }
    }

    private byte[] contentDigest(Path file) throws IOException {
        return Sha256.ofFile(content, file, buffer).digest();
    }

    private void writeString(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
