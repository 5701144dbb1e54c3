package org.citadel.realmfs.core.stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * {@link org.citadel.realmfs.api.Stage#FINISH_ROOTFS}: turns the build's chroot back into a plain tree: unmounts everything below the rootfs, removes the
 * build-only files and apt's binary caches (rebuilt on first use), replaces what debootstrap
 * copied from the build host (its host name and resolver configuration), and last normalizes the
 * tree for reproducible outputs ({@link RootfsNormalizer}). Every path is resolved
 * inside the rootfs ({@link RootfsFiles}): a symlink a module left there is removed or kept as a
 * symlink, and never followed onto the host.
 */
public final class FinishRootfsStage {
    /** apt's binary caches and debootstrap's copy of the build host's resolver configuration. */
    static final List<String> REMOVED_IF_REGULAR_FILES = List.of(
            "/var/cache/apt/pkgcache.bin", "/var/cache/apt/srcpkgcache.bin", "/etc/resolv.conf");
    static final String HOSTNAME_FILE = "/etc/hostname";
    static final String HOSTS_FILE = "/etc/hosts";

    public void run(StageContext context, BuildOnlyFiles buildOnlyFiles) {
        context.mounts().unmountAllBelow(context.rootfs());
        finish(context.rootfsFiles(), buildOnlyFiles, context.recipe().hostname(), Path.of("/etc/hostname"));
        new RootfsNormalizer(context.rootfsFiles(), context.sourceDateEpoch().instant()).normalize();
    }

    /**
     * What {@link #run} does to the rootfs that depends on the tree alone, done to a copy of the package
     * layer's tree (the base of the build's ext4 images): the build-only files and apt's binary caches
     * removed, and normalized with the same time. The host name is left as the layer has it: the final
     * tree's comes from the build host and the recipe, and the ext4 delta carries it.
     *
     * @param buildOnlyFiles the build-only files the layer holds (paths inside it)
     */
    public static void finishCopy(RootfsFiles copy, List<String> buildOnlyFiles, Instant epoch) {
        buildOnlyFiles.forEach(copy::delete);
        REMOVED_IF_REGULAR_FILES.forEach(path -> deleteRegularFile(copy, path));
        new RootfsNormalizer(copy, epoch).normalize();
    }

    /** {@link #run}'s work once nothing is mounted below the rootfs; {@code buildHostHostname} is the build host's /etc/hostname. */
    void finish(RootfsFiles rootfs, BuildOnlyFiles buildOnlyFiles, Optional<String> recipeHostname, Path buildHostHostname) {
        buildOnlyFiles.removeAll();
        REMOVED_IF_REGULAR_FILES.forEach(path -> deleteRegularFile(rootfs, path));
        String hostnameFile = HOSTNAME_FILE;
        String hostname = recipeHostname.orElse("localhost");
        if (recipeHostname.isPresent() || holdsBuildHostName(rootfs, hostnameFile, buildHostHostname)) {
            rootfs.write(hostnameFile, (hostname + "\n").getBytes(StandardCharsets.UTF_8), 0644);
        }
        rootfs.createIfAbsent(HOSTS_FILE, ("127.0.0.1\tlocalhost\n127.0.1.1\t" + hostname + "\n"
                + "::1\t\tlocalhost ip6-localhost ip6-loopback\n").getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** Removes {@code path} if it is a regular file; a symlink there (a module's, or the image's own) stays. */
    private static void deleteRegularFile(RootfsFiles rootfs, String path) {
        if (rootfs.kind(path).equals(Optional.of(FileKind.REGULAR_FILE))) {
            rootfs.delete(path);
        }
    }

    /** debootstrap copies the build host's /etc/hostname; that name has no business in the image. */
    private static boolean holdsBuildHostName(RootfsFiles rootfs, String hostnameFile, Path buildHostHostname) {
        if (!rootfs.exists(hostnameFile)) {
            return true;
        }
        Optional<byte[]> inRootfs = rootfs.readIfRegularFile(hostnameFile);
        try {
            return inRootfs.isPresent() && new String(inRootfs.get(), StandardCharsets.UTF_8).strip()
                    .equals(Files.readString(buildHostHostname).strip());
        } catch (IOException e) {
            return false;
        }
    }
}
