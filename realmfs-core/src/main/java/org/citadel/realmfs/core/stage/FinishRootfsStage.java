package org.citadel.realmfs.core.stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * {@link org.citadel.realmfs.api.Stage#FINISH_ROOTFS}: turns the build's chroot back into a plain tree: unmounts everything below the rootfs, removes the
 * build-only files and apt's binary caches (rebuilt on first use), and replaces what debootstrap
 * copied from the build host (its host name and resolver configuration). Every path is resolved
 * inside the rootfs ({@link RootfsFiles}): a symlink a module left there is removed or kept as a
 * symlink, and never followed onto the host.
 */
public final class FinishRootfsStage {

    public void run(StageContext context, BuildOnlyFiles buildOnlyFiles) {
        RootfsFiles rootfs = context.rootfsFiles();
        context.mounts().unmountAllBelow(rootfs.rootfs());
        buildOnlyFiles.removeAll();
        deleteRegularFile(rootfs, "/var/cache/apt/pkgcache.bin");
        deleteRegularFile(rootfs, "/var/cache/apt/srcpkgcache.bin");
        deleteRegularFile(rootfs, "/etc/resolv.conf");
        String hostnameFile = "/etc/hostname";
        String hostname = context.recipe().hostname().orElse("localhost");
        if (context.recipe().hostname().isPresent() || holdsBuildHostName(rootfs, hostnameFile)) {
            rootfs.write(hostnameFile, (hostname + "\n").getBytes(StandardCharsets.UTF_8), 0644);
        }
        rootfs.createIfAbsent("/etc/hosts", ("127.0.0.1\tlocalhost\n127.0.1.1\t" + hostname + "\n"
                + "::1\t\tlocalhost ip6-localhost ip6-loopback\n").getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** Removes {@code path} if it is a regular file; a symlink there (a module's, or the image's own) stays. */
    private static void deleteRegularFile(RootfsFiles rootfs, String path) {
        if (rootfs.kind(path).equals(Optional.of(FileKind.REGULAR_FILE))) {
            rootfs.delete(path);
        }
    }

    /** debootstrap copies the build host's /etc/hostname; that name has no business in the image. */
    private static boolean holdsBuildHostName(RootfsFiles rootfs, String hostnameFile) {
        if (!rootfs.exists(hostnameFile)) {
            return true;
        }
        Optional<byte[]> inRootfs = rootfs.readIfRegularFile(hostnameFile);
        try {
            return inRootfs.isPresent() && new String(inRootfs.get(), StandardCharsets.UTF_8).strip()
                    .equals(Files.readString(Path.of("/etc/hostname")).strip());
        } catch (IOException e) {
            return false;
        }
    }
}
