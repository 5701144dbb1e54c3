package org.citadel.realmfs.core.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Reads and writes the extended attributes of files in every namespace (security, trusted, user,
 * system), never following a symbolic link at the end of the path.
 *
 * <p>An instance reuses two native buffers of the kernel's maximum sizes, so reading the attributes
 * of a file with none costs one system call and no allocation. Not thread-safe: use one per thread.
 */
public final class ExtendedAttributes {

    /** XATTR_LIST_MAX and XATTR_SIZE_MAX of Linux: no list or value can be larger. */
    private static final int KERNEL_MAX_SIZE = 65536;
    private static final int ENODATA = 61;
    private static final int EOPNOTSUPP = 95;

    private final Runtime runtime = Runtime.getRuntime(XattrCalls.LIBC);
    private final Pointer names = Memory.allocateDirect(runtime, KERNEL_MAX_SIZE);
    private final Pointer value = Memory.allocateDirect(runtime, KERNEL_MAX_SIZE);

    /**
     * The extended attributes of {@code path} (of the link itself for a symbolic link), sorted by
     * name; empty when it has none or its filesystem does not support them.
     */
    public SortedMap<String, byte[]> read(Path path) {
        String file = path.toString();
        long listLength = XattrCalls.LIBC.llistxattr(file, names, KERNEL_MAX_SIZE);
        if (listLength < 0) {
            int errno = LastError.getLastError(runtime);
            if (errno == EOPNOTSUPP) {
                return Collections.emptySortedMap();
            }
            throw new XattrException("list the extended attributes", path, errno);
        }
        if (listLength == 0) {
            return Collections.emptySortedMap();
        }
        SortedMap<String, byte[]> attributes = new TreeMap<>();
        int start = 0;
        for (int i = 0; i < listLength; i++) {
            if (names.getByte(i) == 0) {
                String name = names.getString(start, i - start, StandardCharsets.UTF_8);
                readValue(path, file, name).ifPresent(bytes -> attributes.put(name, bytes));
                start = i + 1;
            }
        }
        return Collections.unmodifiableSortedMap(attributes);
    }

    /** Sets one extended attribute of {@code path} (of the link itself for a symbolic link). */
    public void write(Path path, String name, byte[] bytes) {
        if (XattrCalls.LIBC.lsetxattr(path.toString(), name, bytes, bytes.length, 0) != 0) {
            throw new XattrException("set the extended attribute " + name, path,
                    LastError.getLastError(runtime));
        }
    }

    private Optional<byte[]> readValue(Path path, String file, String name) {
        long length = XattrCalls.LIBC.lgetxattr(file, name, value, KERNEL_MAX_SIZE);
        if (length < 0) {
            int errno = LastError.getLastError(runtime);
            if (errno == ENODATA) {
                return Optional.empty(); // removed since it was listed
            }
            throw new XattrException("read the extended attribute " + name, path, errno);
        }
        byte[] bytes = new byte[(int) length];
        value.get(0, bytes, 0, bytes.length);
        return Optional.of(bytes);
    }
}
