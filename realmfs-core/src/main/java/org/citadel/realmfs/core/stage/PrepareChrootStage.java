package org.citadel.realmfs.core.stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.sandbox.ChrootMounts;
import org.citadel.realmfs.core.sandbox.MountTarget;

/**
 * {@link org.citadel.realmfs.api.Stage#PREPARE_CHROOT}: mounts what package scripts need (proc, sys, a private dev with dev/pts,
 * a tmpfs on /tmp), the host's resolv.conf for name
 * lookups; and the build-only files that keep services from starting and dpkg from syncing.
 * Everything here is undone by {@link FinishRootfsStage}; {@link StagePlans#prepareChroot} says it in a plan.
 *
 * <p>The tree may come from a cached layer that earlier modules shaped, so every target is
 * resolved inside the rootfs ({@link RootfsFiles}): a symlink where the build mounts fails the
 * build with its name rather than moving the mount onto the host.
 */
public final class PrepareChrootStage {
    /** Build-only files live on the chroot's /tmp tmpfs, so they can never end up in the image. */
    public static final String BUILD_DIR = "/tmp/realmfs-build";

    static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");

    /** A file written for the build only, where no file is, and removed when the rootfs is finished. */
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
        prepare(context.rootfsFiles(), context.mounts(), buildOnlyFiles, Path.of("/etc/resolv.conf"));
    }

    /** {@link #run}'s work, the host's resolver configuration read from {@code hostResolvConf}. */
    void prepare(RootfsFiles rootfs, ChrootMounts mounts, BuildOnlyFiles buildOnlyFiles, Path hostResolvConf) {
        mounts.proc(directory(rootfs, "/proc"));
        mounts.sysfs(directory(rootfs, "/sys"));
        mountDev(mounts, rootfs);
        mounts.tmpfs(directory(rootfs, "/tmp"), Optional.empty());
        rootfs.chmod("/tmp", 01777);
        mountResolvConf(mounts, rootfs, buildOnlyFiles, hostResolvConf);
        writeBuildOnlySettings(buildOnlyFiles);
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
        String resolvConf = "/etc/resolv.conf";
        if (!Files.isRegularFile(hostResolvConf)
                || rootfs.kind(resolvConf).equals(Optional.of(FileKind.SYMLINK))) {
            return;
        }
        if (rootfs.createIfAbsent(resolvConf, new byte[0], 0644)) {
            buildOnlyFiles.adopt(resolvConf);
        }
        mounts.bind(hostResolvConf, rootfs.mountTarget(resolvConf), true);
    }

    private static void writeBuildOnlySettings(BuildOnlyFiles files) {
        BUILD_ONLY_SETTINGS.forEach(setting -> files.write(setting.path(), setting.content(), setting.mode()));
    }

    /** The directory {@code path} (created 0755 if missing) as a mount target. */
    private static MountTarget directory(RootfsFiles rootfs, String path) {
        rootfs.createDirectories(path, 0755);
        return rootfs.mountTarget(path);
    }
}
