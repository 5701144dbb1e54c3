package org.citadel.realmfs.core.linux;

/** Flags of mount(2) and umount2(2) (the same on every Linux architecture). */
public final class MountFlags {
    public static final long MS_RDONLY = 0x1;
    public static final long MS_NOSUID = 0x2;
    public static final long MS_NODEV = 0x4;
    public static final long MS_NOEXEC = 0x8;
    public static final long MS_REMOUNT = 0x20;
    public static final long MS_BIND = 0x1000;
    public static final long MS_REC = 0x4000;
    public static final long MS_PRIVATE = 0x40000;

    public static final int MNT_DETACH = 0x2;

    private MountFlags() {
    }
}
