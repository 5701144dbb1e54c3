package org.citadel.realmfs.core.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;

/**
 * The libc calls behind {@link ExtendedAttributes} and {@link FileNodes} that jnr-posix 3.1 lacks
 * (the l*xattr family and mknod). None of them follows a symbolic link at the end of the path. They
 * return -1 and set errno on failure.
 *
 * <p>Public only because jnr-ffi implements it in a class loader of its own; use the classes above.
 */
public interface XattrCalls {

    XattrCalls LIBC = LibraryLoader.create(XattrCalls.class).load("c");

    long llistxattr(String path, Pointer list, long size);

    long lgetxattr(String path, String name, Pointer value, long size);

    int lsetxattr(String path, String name, @In byte[] value, long size, int flags);

    int mknod(String path, int mode, long device);
}
