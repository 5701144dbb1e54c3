package org.citadel.realmfs.api;

/** How a build came by one cacheable layer of its rootfs (see {@link BuildResult#layers()}). */
public enum LayerUse {
    /** Restored from the layer cache: the stages whose result it holds did not run. */
    RESTORED,
    /** Made by this build, which stored it in the layer cache. */
    BUILT,
    /** Made by this build and not stored: the layer cache is off, the recipe cannot be cached that deep, or storing failed. */
    NONE
}
