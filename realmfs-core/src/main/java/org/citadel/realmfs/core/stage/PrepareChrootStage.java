package org.citadel.realmfs.core.stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.PlannedStep.Action;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.sandbox.ChrootMounts;
import org.citadel.realmfs.core.sandbox.MountTarget;

/**
 * {@link Stage#PREPARE_CHROOT}: mounts what package scripts need (proc, sys, a private dev with dev/pts,
 * a tmpfs on /tmp), the host's resolv.conf for name
 * lookups; and the build-only files that keep services from starting and dpkg from syncing.
 * Everything here is undone by {@link FinishRootfsStage}.
 *
 * <p>The tree may come from a cached layer that earlier modules shaped, so every target is
 * resolved inside the rootfs ({@link RootfsFiles}): a symlink where the build mounts fails the
 * build with its name rather than moving the mount onto the host.
 */
public final class PrepareChrootStage {
    /** Build-only files live on the chroot's /tmp tmpfs, so they can never end up in the image. */
    public static final String BUILD_DIR = "/tmp/realmfs-build";

    static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");
    static final String RESOLV_CONF = "/etc/resolv.conf";
    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");

    /** A file written for the build's duration only, where no file is, and removed when the rootfs is finished. */
    record BuildOnlySetting(String path, String content, int mode, String effect) {
    }

    static final List<BuildOnlySetting> BUILD_ONLY_SETTINGS = List.of(
            // invoke-rc.d and deb-systemd-invoke ask policy-rc.d; 101 means "action forbidden".
            new BuildOnlySetting("/usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", 0755,
                    "no service starts (policy-rc.d exits 101)"),
            // Nothing of the build needs to survive a crash of the host: skip dpkg's fsyncs.
            new BuildOnlySetting("/etc/dpkg/dpkg.cfg.d/realmfs-build", "force-unsafe-io\n", 0644,
                    "dpkg does not sync (force-unsafe-io)"),
            new BuildOnlySetting("/etc/apt/apt.conf.d/99realmfs-build",
                    "Acquire::Retries \"3\";\n"
                            + "Dpkg::Use-Pty \"false\";\n"
                            + "APT::Keep-Downloaded-Packages \"true\";\n"
                            + "Binary::apt::APT::Keep-Downloaded-Packages \"true\";\n"
                            + "DPkg::Options { \"--force-confdef\"; \"--force-confold\"; };\n",
                    0644, "apt retries downloads 3 times, keeps what it downloads, keeps existing configuration files"));

    public void run(StageContext context, BuildOnlyFiles buildOnlyFiles) {
        prepare(context.rootfsFiles(), context.mounts(), buildOnlyFiles, HOST_RESOLV_CONF);
    }

    /** {@link #run}'s work, the host's resolver configuration read from {@code hostResolvConf}. */
    void prepare(RootfsFiles rootfs, ChrootMounts mounts, BuildOnlyFiles buildOnlyFiles, Path hostResolvConf) {
        mounts.proc(directory(rootfs, "/proc"));
        mounts.sysfs(directory(rootfs, "/sys"));
        mountDev(mounts, rootfs);
        mounts.tmpfs(directory(rootfs, "/tmp"), Optional.empty());
        rootfs.chmod("/tmp", 01777);
        mountResolvConf(mounts, rootfs, buildOnlyFiles, hostResolvConf);
        BUILD_ONLY_SETTINGS.forEach(setting -> buildOnlyFiles.write(setting.path(), setting.content(), setting.mode()));
    }

    /** What {@link #run} does, in its order; the mount targets are those it mounts on. */
    public static List<PlannedStep> plan() {
        List<String> dev = new ArrayList<>(List.of("/dev"));
        DEVICES.forEach(name -> dev.add("/dev/" + name));
        return List.of(
                mount(List.of("/proc"), "mount proc on /proc (nosuid, nodev, noexec)"),
                mount(List.of("/sys"), "mount a read-only sysfs on /sys (nosuid, nodev, noexec)"),
                mount(dev, "mount a 16M tmpfs on /dev, the host's " + String.join(", ", DEVICES)
                        + " bind-mounted in it, and the symlinks fd, stdin, stdout, stderr and ptmx"),
                mount(List.of("/dev/pts"), "mount a new devpts instance on /dev/pts"),
                mount(List.of("/dev/shm"), "mount a tmpfs on /dev/shm (mode 1777)"),
                mount(List.of("/tmp"), "mount a tmpfs on /tmp (mode 1777): the build's own files (" + BUILD_DIR
                        + ") live there and never reach the image"),
                mount(List.of(RESOLV_CONF), "bind-mount the host's " + HOST_RESOLV_CONF + " read-only on "
                        + RESOLV_CONF + ", for name lookups (a file created for it is removed when the rootfs is"
                        + " finished)")
                        .onlyWhen("when the host's " + HOST_RESOLV_CONF + " is a regular file and the rootfs's is not"
                                + " a symbolic link"),
                PlannedStep.of(Stage.PREPARE_CHROOT, Action.WRITE_FILES,
                        BUILD_ONLY_SETTINGS.stream().map(BuildOnlySetting::path).toList(),
                        "write " + String.join(", ", BUILD_ONLY_SETTINGS.stream().map(BuildOnlySetting::path).toList())
                                + " for the build only (removed when the rootfs is finished): "
                                + String.join("; ", BUILD_ONLY_SETTINGS.stream().map(BuildOnlySetting::effect).toList()))
                        .onlyWhen("where no file is"));
    }

    private static PlannedStep mount(List<String> targets, String what) {
        return PlannedStep.of(Stage.PREPARE_CHROOT, Action.MOUNT, targets, what);
    }

    private static void mountDev(ChrootMounts mounts, RootfsFiles rootfs) {
        mounts.tmpfs(directory(rootfs, "/dev"), Optional.of("16M"));
        rootfs.chmod("/dev", 0755);
        for (String name : DEVICES) {
            String node = "/dev/" + name;
            rootfs.createIfAbsent(node, new byte[0], 0644);
            mounts.bind(Path.of("/dev", name), rootfs.mountTarget(node), false);
        }
        rootfs.symlink("/dev/fd", "/proc/self/fd");
        rootfs.symlink("/dev/stdin", "/proc/self/fd/0");
        rootfs.symlink("/dev/stdout", "/proc/self/fd/1");
        rootfs.symlink("/dev/stderr", "/proc/self/fd/2");
        rootfs.symlink("/dev/ptmx", "pts/ptmx");
        mounts.devpts(directory(rootfs, "/dev/pts"));
        mounts.tmpfs(directory(rootfs, "/dev/shm"), Optional.empty());
        rootfs.chmod("/dev/shm", 01777);
    }

    /** Name lookups inside the chroot use the host's resolver configuration, for the build only. */
    private static void mountResolvConf(ChrootMounts mounts, RootfsFiles rootfs, BuildOnlyFiles buildOnlyFiles,
                                        Path hostResolvConf) {
        if (!Files.isRegularFile(hostResolvConf)
                || rootfs.kind(RESOLV_CONF).equals(Optional.of(FileKind.SYMLINK))) {
            return;
        }
        if (rootfs.createIfAbsent(RESOLV_CONF, new byte[0], 0644)) {
            buildOnlyFiles.adopt(RESOLV_CONF);
        }
        mounts.bind(hostResolvConf, rootfs.mountTarget(RESOLV_CONF), true);
    }

    /** The directory {@code path} (created 0755 if missing) as a mount target. */
    private static MountTarget directory(RootfsFiles rootfs, String path) {
        rootfs.createDirectories(path, 0755);
        return rootfs.mountTarget(path);
    }
}
