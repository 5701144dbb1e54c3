package org.citadel.realmfs.testing.tree;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.tukaani.xz.XZInputStream;

/**
 * A rootfs in a tar archive (PAX, ustar or GNU: commons-compress reads them all). A tar.xz is first
 * decompressed into a scratch file beside the JVM's temporary files, so that files can be read
 * one at a time without decompressing the archive again; the scratch file goes on {@link #close}.
 * A hard link reads as a regular file with its target's content.
 */
final class TarTree extends IndexedTree {
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> files;
    private final Optional<Path> scratch;

    private TarTree(String source, List<RootfsEntry> entries, TarFile tar, Map<String, TarArchiveEntry> files,
                    Optional<Path> scratch) {
        super(source, entries);
        this.tar = tar;
        this.files = files;
        this.scratch = scratch;
    }

    static TarTree read(Path archive, boolean xz) {
        Optional<Path> scratch = Optional.empty();
        try {
            if (xz) {
                scratch = Optional.of(decompress(archive));
            }
            TarFile tar = new TarFile(scratch.orElse(archive));
            try {
                return read(archive.toString(), tar, scratch);
            } catch (RuntimeException e) {
                tar.close();
                throw e;
            }
        } catch (IOException e) {
            scratch.ifPresent(TarTree::deleteQuietly);
            throw new UnreadableRootfsException("Cannot read the tar archive " + archive + ": " + e.getMessage(), e);
        }
    }

    private static TarTree read(String source, TarFile tar, Optional<Path> scratch) {
        Map<String, TarArchiveEntry> byPath = new HashMap<>();
        for (TarArchiveEntry e : tar.getEntries()) {
            byPath.put(RootfsTree.normalize(e.getName()), e);
        }
        List<RootfsEntry> entries = new ArrayList<>();
        Map<String, TarArchiveEntry> files = new HashMap<>();
        for (Map.Entry<String, TarArchiveEntry> named : byPath.entrySet()) {
            String path = named.getKey();
            TarArchiveEntry e = named.getValue();
            TarArchiveEntry data = e;
            if (e.isLink()) {
                data = byPath.get(RootfsTree.normalize(e.getLinkName()));
                if (data == null) {
                    throw new UnreadableRootfsException("The hard link " + path + " in " + source + " names "
                            + e.getLinkName() + ", which is not in the archive");
                }
            }
            EntryType type = typeOf(e);
            if (type == EntryType.FILE) {
                files.put(path, data);
            }
            entries.add(new RootfsEntry(path, type, e.getMode(), e.getLongUserId(), e.getLongGroupId(),
                    type == EntryType.SYMLINK ? e.getLinkName().length() : data.getSize(),
                    type == EntryType.SYMLINK ? Optional.of(e.getLinkName()) : Optional.empty()));
        }
        return new TarTree(source, entries, tar, files, scratch);
    }

    @Override
    protected byte[] read(RootfsEntry file) throws IOException {
        return readAll(tar.getInputStream(files.get(file.path())));
    }

    @Override
    public void close() {
        try {
            tar.close();
        } catch (IOException ignored) {
            // Read-only: nothing is lost.
        }
        scratch.ifPresent(TarTree::deleteQuietly);
    }

    private static EntryType typeOf(TarArchiveEntry e) {
        if (e.isSymbolicLink()) {
            return EntryType.SYMLINK;
        } else if (e.isDirectory()) {
            return EntryType.DIRECTORY;
        } else if (e.isCharacterDevice()) {
            return EntryType.CHARACTER_DEVICE;
        } else if (e.isBlockDevice()) {
            return EntryType.BLOCK_DEVICE;
        } else if (e.isFIFO()) {
            return EntryType.FIFO;
        }
        return EntryType.FILE;
    }

    private static Path decompress(Path archive) throws IOException {
        Path scratch = Files.createTempFile("realmfs-testing-", ".tar");
        try (InputStream in = new XZInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 20))) {
            Files.copy(in, scratch, StandardCopyOption.REPLACE_EXISTING);
            return scratch;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(scratch);
            throw e;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A scratch file in the temporary directory: the next cleaning of it takes it.
        }
    }
}
