package org.citadel.realmfs.core.stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.PlannedStep.Action;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * {@link Stage#FINISH_ROOTFS}: turns the build's chroot back into a plain tree: unmounts everything below the rootfs, removes the
 * build-only files and apt's binary caches (rebuilt on first use), and replaces what debootstrap
 * copied from the build host (its host name and resolver configuration). Every path is resolved
 * inside the rootfs ({@link RootfsFiles}): a symlink a module left there is removed or kept as a
 * symlink, and never followed onto the host.
 */
public final class FinishRootfsStage {
    /** apt's binary caches (rebuilt on first use) and debootstrap's copy of the build host's resolver configuration. */
    static final List<String> REMOVED_IF_REGULAR_FILES = List.of(
            "/var/cache/apt/pkgcache.bin", "/var/cache/apt/srcpkgcache.bin", PrepareChrootStage.RESOLV_CONF);
    static final String HOSTNAME = "/etc/hostname";
    static final String HOSTS = "/etc/hosts";
    private static final Path HOST_HOSTNAME = Path.of("/etc/hostname");

    public void run(StageContext context, BuildOnlyFiles buildOnlyFiles) {
        context.mounts().unmountAllBelow(context.work().rootfs());
        finish(context.rootfsFiles(), buildOnlyFiles, context.recipe().hostname(), buildHostName());
    }

    /**
     * {@link #run}'s work once nothing is mounted below the rootfs.
     *
     * @param buildHostName the build host's name as its /etc/hostname holds it, if it could be read
     */
    void finish(RootfsFiles rootfs, BuildOnlyFiles buildOnlyFiles, Optional<String> recipeHostname,
                Optional<String> buildHostName) {
        buildOnlyFiles.removeAll();
        REMOVED_IF_REGULAR_FILES.forEach(path -> deleteRegularFile(rootfs, path));
        String hostname = recipeHostname.orElse("localhost");
        if (recipeHostname.isPresent() || holdsBuildHostName(rootfs, buildHostName)) {
            rootfs.write(HOSTNAME, (hostname + "\n").getBytes(StandardCharsets.UTF_8), 0644);
        }
        rootfs.createIfAbsent(HOSTS, hosts(hostname).getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** What {@link #run} does, in its order. */
    public static List<PlannedStep> plan(RealmfsBuild recipe) {
        String hostname = recipe.hostname().orElse("localhost");
        List<PlannedStep> steps = new ArrayList<>();
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.UNMOUNT, List.of(),
                "unmount everything mounted below the rootfs (the build's mounts and any a process made)"));
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.REMOVE_FILES,
                PrepareChrootStage.BUILD_ONLY_SETTINGS.stream().map(PrepareChrootStage.BuildOnlySetting::path).toList(),
                "remove the build-only files (those written when preparing the chroot, and a resolv.conf made for"
                        + " the bind mount)"));
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.REMOVE_FILES, REMOVED_IF_REGULAR_FILES,
                "remove apt's binary caches (rebuilt on first use) and debootstrap's copy of the build host's"
                        + " resolv.conf: " + String.join(", ", REMOVED_IF_REGULAR_FILES))
                .onlyWhen("for each that is a regular file; a symbolic link stays"));
        PlannedStep writeHostname = PlannedStep.of(Stage.FINISH_ROOTFS, Action.WRITE_FILES, List.of(HOSTNAME),
                "write " + HOSTNAME + ": " + hostname);
        steps.add(recipe.hostname().isPresent() ? writeHostname
                : writeHostname.onlyWhen("when it is missing or holds the build host's name"));
        steps.add(PlannedStep.of(Stage.FINISH_ROOTFS, Action.WRITE_FILES, List.of(HOSTS),
                "write " + HOSTS + ": localhost, and " + hostname + " as 127.0.1.1").onlyWhen("when it is missing"));
        return steps;
    }

    private static String hosts(String hostname) {
        return "127.0.0.1\tlocalhost\n127.0.1.1\t" + hostname + "\n"
                + "::1\t\tlocalhost ip6-localhost ip6-loopback\n";
    }

    /** Removes {@code path} if it is a regular file; a symlink there (a module's, or the image's own) stays. */
    private static void deleteRegularFile(RootfsFiles rootfs, String path) {
        if (rootfs.kind(path).equals(Optional.of(FileKind.REGULAR_FILE))) {
            rootfs.delete(path);
        }
    }

    /** debootstrap copies the build host's /etc/hostname; that name has no business in the image. */
    private static boolean holdsBuildHostName(RootfsFiles rootfs, Optional<String> buildHostName) {
        if (!rootfs.exists(HOSTNAME)) {
            return true;
        }
        Optional<byte[]> inRootfs = rootfs.readIfRegularFile(HOSTNAME);
        return inRootfs.isPresent() && buildHostName.isPresent()
                && new String(inRootfs.get(), StandardCharsets.UTF_8).strip().equals(buildHostName.get());
    }

    private static Optional<String> buildHostName() {
        try {
            return Optional.of(Files.readString(HOST_HOSTNAME).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
