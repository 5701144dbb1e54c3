package org.citadel.realmfs.api;

/** The stages of a build, in the order they run. */
public enum Stage {
    /** Host side: work directory, tmpfs, package cache, debootstrap. */
    BOOTSTRAP("bootstrap the base system"),
    /** Mount proc, sys, dev, dev/pts, tmp and the package cache inside the rootfs. */
    PREPARE_CHROOT("prepare the chroot"),
    PRE_INSTALL_MODULES("run pre-install modules"),
    INSTALL_PACKAGES("install packages"),
    POST_INSTALL_MODULES("run post-install modules"),
    /** Unmount everything, remove build-only files and apt's binary caches. */
    FINISH_ROOTFS("finish the rootfs"),
    WRITE_OUTPUTS("write outputs");

    private final String description;

    Stage(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
