package org.citadel.realmfs.core.stage;

import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.PlannedStep.Action;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.download.ParallelDownloader;
import org.citadel.realmfs.core.packagecache.BootstrapIndexes;

/**
 * The steps of this package's stages for a plan, in the order each stage takes them, made from the
 * command lines, paths and files the stages themselves use, so that a plan says what runs.
 */
public final class StagePlans {
    private StagePlans() {
    }

    /** {@link BootstrapStage}: its debootstrap command with {@code rootfs} and {@code mirror} as given (placeholders, before a build). */
    public static List<PlannedStep> bootstrap(RealmfsBuild recipe, String rootfs, String mirror) {
        return List.of(
                PlannedStep.of(Stage.BOOTSTRAP, Action.MOUNT, List.of(BootstrapStage.ARCHIVES),
                        "bind-mount the build's own archives directory of the package cache on " + BootstrapStage.ARCHIVES
                                + " (until the rootfs is finished): debootstrap and apt reuse cached packages, and none"
                                + " lands in the image"),
                PlannedStep.of(Stage.BOOTSTRAP, Action.WRITE_FILES, List.of(BootstrapIndexes.LISTS),
                        "copy the package indexes debootstrap fetched for this archive state (the InRelease's SHA-256)"
                                + " from the package cache into " + BootstrapIndexes.LISTS + ": debootstrap validates"
                                + " them against the signed Release instead of downloading them")
                        .onlyWhen("when the package cache keeps them from an earlier build"),
                PlannedStep.command(Stage.BOOTSTRAP, Action.HOST_COMMAND,
                        BootstrapStage.argv("debootstrap", recipe, rootfs, mirror), "bootstrap Debian " + recipe.release()));
    }

    /** {@link PrepareChrootStage}: its mounts on exactly the targets it mounts on, and its build-only files. */
    public static List<PlannedStep> prepareChroot() {
        List<String> dev = new ArrayList<>(List.of("/dev"));
        PrepareChrootStage.DEVICES.forEach(name -> dev.add("/dev/" + name));
        List<String> buildOnly = PrepareChrootStage.BUILD_ONLY_SETTINGS.stream()
                .map(PrepareChrootStage.BuildOnlySetting::path).toList();
        return List.of(
                mount(List.of("/proc"), "mount proc on /proc (nosuid, nodev, noexec)"),
                mount(List.of("/sys"), "mount a read-only sysfs on /sys (nosuid, nodev, noexec)"),
                mount(dev, "mount a 16M tmpfs on /dev, the host's " + String.join(", ", PrepareChrootStage.DEVICES)
                        + " bind-mounted in it, and the symlinks fd, stdin, stdout, stderr and ptmx"),
                mount(List.of("/dev/pts"), "mount a new devpts instance on /dev/pts"),
                mount(List.of("/dev/shm"), "mount a tmpfs on /dev/shm (mode 1777)"),
                mount(List.of("/tmp"), "mount a tmpfs on /tmp (mode 1777): the build's own files ("
                        + PrepareChrootStage.BUILD_DIR + ") live there and never reach the image"),
                mount(List.of("/etc/resolv.conf"), "bind-mount the host's /etc/resolv.conf read-only on"
                        + " /etc/resolv.conf, for name lookups (a file created for it is removed when the rootfs is"
                        + " finished)")
                        .onlyWhen("when the host's /etc/resolv.conf is a regular file and the rootfs's is not a"
                                + " symbolic link"),
                PlannedStep.of(Stage.PREPARE_CHROOT, Action.WRITE_FILES, buildOnly, "write " + String.join(", ", buildOnly)
                        + " for the build only (removed when the rootfs is finished): " + String.join("; ",
                        PrepareChrootStage.BUILD_ONLY_SETTINGS.stream().map(PrepareChrootStage.BuildOnlySetting::effect)
                                .toList()))
                        .onlyWhen("where no file is"));
    }

    /** {@link InstallPackagesStage}: its apt commands as it runs them. */
    public static List<PlannedStep> installPackages(RealmfsBuild recipe) {
        List<String> packages = recipe.allPackages();
        List<PlannedStep> steps = new ArrayList<>();
        steps.add(PlannedStep.of(Stage.INSTALL_PACKAGES, Action.WRITE_FILES, List.of(BootstrapIndexes.LISTS),
                "copy the indexes apt-get update fetched for this archive state beyond debootstrap's (translations)"
                        + " from the package cache into " + BootstrapIndexes.LISTS + ": apt finds them matching its"
                        + " InRelease instead of downloading them")
                .onlyWhen("when the package cache keeps them from an earlier build"));
        steps.add(chrootCommand(InstallPackagesStage.UPDATE, "update the package lists (once; debootstrap's are reused)"));
        steps.add(chrootCommand(InstallPackagesStage.UPGRADE, "upgrade what debootstrap installed")
                .onlyWhen("when apt's configuration (/etc/apt), a suite's InRelease or the installed packages"
                        + " (/var/lib/dpkg/status) changed since bootstrap: otherwise debootstrap installed the newest"
                        + " versions already"));
        if (!packages.isEmpty()) {
            steps.add(PlannedStep.of(Stage.INSTALL_PACKAGES, Action.DOWNLOAD, List.of(),
                    "download the package files apt-get install needs (--print-uris) over "
                            + ParallelDownloader.DEFAULT_CONNECTIONS + " connections into the package cache, each"
                            + " checked against the size and SHA-256 of the signed index")
                    .onlyWhen("when the package cache has no file of a requested package"));
            steps.add(chrootCommand(InstallPackagesStage.install(packages), "install the packages"));
        }
        steps.add(chrootCommand(InstallPackagesStage.LIST_INSTALLED, "list the installed packages, for the build's result"));
        return steps;
    }

    /** {@link FinishRootfsStage}: what it removes and writes. */
    public static List<PlannedStep> finishRootfs(RealmfsBuild recipe) {
        String hostname = recipe.hostname().orElse("localhost");
        List<PlannedStep> steps = new ArrayList<>();
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.UNMOUNT, List.of(),
                "unmount everything mounted below the rootfs (the build's mounts and any a process made)"));
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.REMOVE_FILES,
                PrepareChrootStage.BUILD_ONLY_SETTINGS.stream().map(PrepareChrootStage.BuildOnlySetting::path).toList(),
                "remove the build-only files (those written when preparing the chroot, and a resolv.conf made for"
                        + " the bind mount)"));
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.REMOVE_FILES, FinishRootfsStage.REMOVED_IF_REGULAR_FILES,
                "remove apt's binary caches (rebuilt on first use) and debootstrap's copy of the build host's"
                        + " resolv.conf: " + String.join(", ", FinishRootfsStage.REMOVED_IF_REGULAR_FILES))
                .onlyWhen("for each that is a regular file; a symbolic link stays"));
        PlannedStep writeHostname = PlannedStep.of(Stage.FINISH_ROOTFS, Action.WRITE_FILES,
                List.of(FinishRootfsStage.HOSTNAME_FILE), "write " + FinishRootfsStage.HOSTNAME_FILE + ": " + hostname);
        steps.add(recipe.hostname().isPresent() ? writeHostname
                : writeHostname.onlyWhen("when it is missing or holds the build host's name"));
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.WRITE_FILES, List.of(FinishRootfsStage.HOSTS_FILE),
                "write " + FinishRootfsStage.HOSTS_FILE + ": localhost, and " + hostname + " as 127.0.1.1")
                .onlyWhen("when it is missing"));
        steps.addAll(normalizeRootfs());
        return steps;
    }

    /** {@link RootfsNormalizer}: what it removes and rewrites, in its order. */
    static List<PlannedStep> normalizeRootfs() {
        List<PlannedStep> steps = new ArrayList<>();
        steps.add(remove(RootfsNormalizer.REMOVED_FILES, "remove the logs and caches that record when and on which"
                + " machine the image was built: " + String.join(", ", RootfsNormalizer.REMOVED_FILES))
                .onlyWhen("for each that is a regular file; a symbolic link stays"));
        steps.add(remove(RootfsNormalizer.EMPTIED_DIRECTORIES, "remove apt's logs: every regular file in "
                + String.join(", ", RootfsNormalizer.EMPTIED_DIRECTORIES)));
        steps.add(remove(RootfsNormalizer.BACKUP_DIRECTORIES, "remove dpkg's and debconf's backup copies: every"
                + " regular file named *-old in " + String.join(", ", RootfsNormalizer.BACKUP_DIRECTORIES)));
        steps.add(remove(List.of(RootfsNormalizer.MAN_CACHE), "remove man-db's index files: every regular file"
                + " named index.db below " + RootfsNormalizer.MAN_CACHE + " (mandb rebuilds them)"));
        steps.add(remove(List.of(RootfsNormalizer.SSH_DIRECTORY), "remove the generated SSH host keys: every"
                + " regular file named " + RootfsNormalizer.SSH_HOST_KEY_PREFIX + "* in " + RootfsNormalizer.SSH_DIRECTORY
                + " (random, and the same key in every realm of the image would be none of the realm's own)"));
        steps.add(remove(List.of("/"), "remove every directory named " + RootfsNormalizer.PYCACHE
                + " (Python's compiled byte code, whose bytes vary from build to build) with its content"));
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.WRITE_FILES, List.of(RootfsNormalizer.MACHINE_ID),
                "empty " + RootfsNormalizer.MACHINE_ID + ": each realm gets its machine id from systemd-nspawn at boot")
                .onlyWhen("when it is a regular file"));
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.WRITE_FILES, RootfsNormalizer.SHADOW_FILES,
                "set each last-password-change day later than the SOURCE_DATE_EPOCH's day to that day in "
                        + String.join(", ", RootfsNormalizer.SHADOW_FILES))
                .onlyWhen("for each that is a regular file with such a day"));
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.WRITE_FILES, List.of("/"),
                "set every modification time later than the SOURCE_DATE_EPOCH to it, and every access time to the"
                        + " modification time (files, directories after their content, symbolic links themselves)"));
        return steps;
    }

    private static PlannedStep remove(List<String> paths, String description) {
        return PlannedStep.of(Stage.FINISH_ROOTFS, Action.REMOVE_FILES, paths, description);
    }

    private static PlannedStep mount(List<String> targets, String description) {
        return PlannedStep.of(Stage.PREPARE_CHROOT, Action.MOUNT, targets, description);
    }

    private static PlannedStep chrootCommand(List<String> argv, String description) {
        return PlannedStep.command(Stage.INSTALL_PACKAGES, Action.CHROOT_COMMAND, argv, description);
    }
}
