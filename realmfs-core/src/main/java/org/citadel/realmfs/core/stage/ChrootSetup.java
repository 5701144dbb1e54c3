package org.citadel.realmfs.core.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.core.rootfs.FileModes;
import org.citadel.realmfs.core.sandbox.Mounts;

/**
 * Stage two's preparation: mounts what package scripts need (proc, sys, a private dev with dev/pts,
 * a tmpfs on /tmp), the host's resolv.conf for name
 * lookups; and the build-only files that keep services from starting and dpkg from syncing.
 * Everything here is undone by {@link FinishStage}.
 */
public final class ChrootSetup {
    /** Build-only files live on the chroot's /tmp tmpfs, so they can never end up in the image. */
    public static final String BUILD_DIR = "/tmp/realmfs-build";

    private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");

    public void run(StageContext context, BuildOnlyFiles buildOnlyFiles) {
        Path rootfs = context.work().rootfs();
        Mounts mounts = context.mounts();
        mounts.proc(directory(rootfs.resolve("proc")));
        mounts.sysfs(directory(rootfs.resolve("sys")));
        mountDev(mounts, rootfs.resolve("dev"));
        mounts.tmpfs(directory(rootfs.resolve("tmp")), Optional.empty());
        FileModes.chmod(rootfs.resolve("tmp"), 01777);
        mountResolvConf(mounts, rootfs, buildOnlyFiles);
        writeBuildOnlySettings(rootfs, buildOnlyFiles);
    }

    private static void mountDev(Mounts mounts, Path dev) {
        mounts.tmpfs(directory(dev), Optional.of("16M"));
        FileModes.chmod(dev, 0755);
        for (String name : DEVICES) {
            Path node = dev.resolve(name);
            touch(node);
            mounts.bind(Path.of("/dev", name), node, false);
        }
        symlink(dev.resolve("fd"), "/proc/self/fd");
        symlink(dev.resolve("stdin"), "/proc/self/fd/0");
        symlink(dev.resolve("stdout"), "/proc/self/fd/1");
        symlink(dev.resolve("stderr"), "/proc/self/fd/2");
        symlink(dev.resolve("ptmx"), "pts/ptmx");
        mounts.devpts(directory(dev.resolve("pts")));
        mounts.tmpfs(directory(dev.resolve("shm")), Optional.empty());
        FileModes.chmod(dev.resolve("shm"), 01777);
    }

    /** Name lookups inside the chroot use the host's resolver configuration, for the build only. */
    private static void mountResolvConf(Mounts mounts, Path rootfs, BuildOnlyFiles buildOnlyFiles) {
        Path resolvConf = rootfs.resolve("etc/resolv.conf");
        Path hostResolvConf = Path.of("/etc/resolv.conf");
        if (!Files.isRegularFile(hostResolvConf) || Files.isSymbolicLink(resolvConf)) {
            return;
        }
        if (!Files.exists(resolvConf, LinkOption.NOFOLLOW_LINKS)) {
            touch(resolvConf);
            buildOnlyFiles.adopt(resolvConf);
        }
        mounts.bind(hostResolvConf, resolvConf, true);
    }

    private static void writeBuildOnlySettings(Path rootfs, BuildOnlyFiles files) {
        // invoke-rc.d and deb-systemd-invoke ask policy-rc.d; 101 means "action forbidden".
        files.write(rootfs.resolve("usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n", "rwxr-xr-x");
        // Nothing of the build needs to survive a crash of the host: skip dpkg's fsyncs.
        files.write(rootfs.resolve("etc/dpkg/dpkg.cfg.d/realmfs-build"), "force-unsafe-io\n", "rw-r--r--");
        files.write(rootfs.resolve("etc/apt/apt.conf.d/99realmfs-build"),
                "Acquire::Retries \"3\";\n"
                        + "Dpkg::Use-Pty \"false\";\n"
                        + "APT::Keep-Downloaded-Packages \"true\";\n"
                        + "Binary::apt::APT::Keep-Downloaded-Packages \"true\";\n"
                        + "DPkg::Options { \"--force-confdef\"; \"--force-confold\"; };\n",
                "rw-r--r--");
    }

    static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    private static void touch(Path file) {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + file, e);
        }
    }

    private static void symlink(Path link, String target) {
        try {
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create symlink " + link, e);
        }
    }
}
