package org.citadel.realmfs.core.stage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.core.linux.FilesystemFullException;

/**
 * Tells a stage that failed for lack of space which of the two places the build's commands write to
 * was full: the rootfs (on its tmpfs or the work directory's disk) or the package cache.
 */
public final class RootfsSpace {
    private RootfsSpace() {
    }

    /** {@code failure} as a {@link FilesystemFullException} if a full filesystem caused it, else itself. */
    public static RuntimeException explain(StageContext context, RuntimeException failure) {
        if (failure instanceof FilesystemFullException) {
            return failure;
        }
        String during = firstLine(failure.getMessage());
        Path rootfs = context.work().rootfs();
        Path cache = context.work().packageCache();
        FilesystemFullException.Writing rootfsWrite = FilesystemFullException
                .writing("the rootfs " + rootfs + " (" + during + ")", rootfs).advice(rootfsAdvice(context.options()));
        FilesystemFullException.Writing cacheWrite = FilesystemFullException
                .writing("the package cache " + cache + " (" + during + ")", cache)
                .advice("Free space there (the cache's .deb files may be deleted: they are downloaded again),"
                        + " or put the package cache on a filesystem with more room (BuildOptions.packageCacheDirectory).");
        Optional<FilesystemFullException> full = FilesystemFullException.Writing
                .fullest(List.of(rootfsWrite, cacheWrite)).causedBy(failure);
        return full.isPresent() ? full.get() : failure;
    }

    private static String rootfsAdvice(BuildOptions options) {
        if (options.useTmpfs()) {
            return "The rootfs is built on a tmpfs of " + options.tmpfsSize().orElse("the kernel's default size (half the RAM)")
                    + ": give it more (BuildOptions.tmpfsSize), or build on the work directory's disk"
                    + " (BuildOptions.useTmpfs(false), realmfs-builder --no-tmpfs). The build log has the command's output.";
        }
        return "Free space there, or build in a work directory on a filesystem with more room"
                + " (realmfs-builder -d DIR). The build log has the command's output.";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
