package org.citadel.realmfs.api;

/**
 * The stages of a build, in the order they run; in realmfs-core each is done by the class named
 * after it ({@code BootstrapStage}, {@code PrepareChrootStage}, ...), and {@link BuildPlan} lists
 * each stage's steps.
 */
public enum Stage {
    /** Host side: the package cache bound into the rootfs, then debootstrap. */
    BOOTSTRAP("bootstrap the base system"),
    /**
     * Mount proc, sys, dev (with dev/pts and dev/shm), tmp and the host's resolv.conf inside the
     * rootfs; write the build-only files that keep services from starting; install the shell runtime.
     */
    PREPARE_CHROOT("prepare the chroot"),
    PRE_INSTALL_MODULES("run pre-install modules"),
    INSTALL_PACKAGES("install packages"),
    POST_INSTALL_MODULES("run post-install modules"),
    /**
     * Unmount everything, remove the build-only files, apt's binary caches and debootstrap's copy of
     * the host's resolv.conf, and write the image's host name; then normalize the tree so that the
     * same recipe, archive state and SOURCE_DATE_EPOCH give the same bytes: remove the logs and
     * caches that record the build (dpkg's, apt's, alternatives', debootstrap's logs, ldconfig's
     * aux-cache, dbus's machine id, systemd's random seed, man-db's indexes, dpkg's and debconf's
     * {@code -old} backups, {@code __pycache__} directories, SSH host keys), empty
     * {@code /etc/machine-id}, clamp the shadow files' last-change days to the epoch's day, and set
     * every time later than the epoch to the epoch.
     */
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
