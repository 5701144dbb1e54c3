package org.citadel.realmfs.core.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Turns the build's chroot back into a plain tree: unmounts everything below the rootfs, removes the
 * build-only files and apt's binary caches (rebuilt on first use), and replaces what debootstrap
 * copied from the build host (its host name and resolver configuration).
 */
public final class FinishStage {

    public void run(StageContext context, BuildOnlyFiles buildOnlyFiles) {
        Path rootfs = context.work().rootfs();
        context.mounts().unmountAllBelow(rootfs);
        buildOnlyFiles.removeAll();
        delete(rootfs.resolve("var/cache/apt/pkgcache.bin"));
        delete(rootfs.resolve("var/cache/apt/srcpkgcache.bin"));
        Path resolvConf = rootfs.resolve("etc/resolv.conf");
        if (Files.isRegularFile(resolvConf, LinkOption.NOFOLLOW_LINKS)) {
            delete(resolvConf);
        }
        Path hostnameFile = rootfs.resolve("etc/hostname");
        String hostname = context.recipe().hostname().orElse("localhost");
        if (context.recipe().hostname().isPresent() || holdsBuildHostName(hostnameFile)) {
            write(hostnameFile, hostname + "\n");
        }
        Path hosts = rootfs.resolve("etc/hosts");
        if (!Files.exists(hosts, LinkOption.NOFOLLOW_LINKS)) {
            write(hosts, "127.0.0.1\tlocalhost\n127.0.1.1\t" + hostname + "\n"
                    + "::1\t\tlocalhost ip6-localhost ip6-loopback\n");
        }
    }

    /** debootstrap copies the build host's /etc/hostname; that name has no business in the image. */
    private static boolean holdsBuildHostName(Path hostnameFile) {
        try {
            return !Files.exists(hostnameFile, LinkOption.NOFOLLOW_LINKS)
                    || Files.readString(hostnameFile).strip().equals(Files.readString(Path.of("/etc/hostname")).strip());
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file, e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
