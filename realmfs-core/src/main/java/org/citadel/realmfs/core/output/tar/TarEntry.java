package org.citadel.realmfs.core.output.tar;

import java.nio.file.attribute.FileTime;
import java.util.SortedMap;

/**
 * One entry of a tar archive as {@link TarInput} read it, its pax records applied.
 *
 * @param linkName the target of a symbolic link, or the entry name a hard link refers to; empty otherwise
 * @param xattrs extended attributes by name, values as the raw bytes archived
 */
record TarEntry(String name, Type type, int permissions, long uid, long gid, long size, FileTime mtime,
                String linkName, int deviceMajor, int deviceMinor, SortedMap<String, byte[]> xattrs) {

    enum Type { FILE, DIRECTORY, SYMLINK, HARD_LINK, CHARACTER_DEVICE, BLOCK_DEVICE, FIFO }
}
