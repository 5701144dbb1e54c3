package org.citadel.realmfs.core.stage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.core.linux.FilesystemFullException;
import org.citadel.realmfs.core.linux.FreeSpaceWatch;

/**
 * Tells a stage that failed for lack of space which of the two places the build's commands write to
 * was full: the rootfs (on its tmpfs or the work directory's disk) or the package cache.
 */
public final class RootfsSpace {
    static final Pattern APT_DOWNLOAD = Pattern.compile("Need to get ([0-9.,]+) (B|kB|MB|GB)[ /]");
    static final Pattern APT_UNPACKED = Pattern.compile("After this operation, ([0-9.,]+) (B|kB|MB|GB) of additional");

    private RootfsSpace() {
    }

    /** Starts watching the free space of the rootfs and the package cache, for {@link #explain}. */
    public static FreeSpaceWatch watch(StageContext context) {
        return FreeSpaceWatch.start(List.of(context.rootfs(), context.packageArchives().cache()));
    }

    /**
     * {@code failure} as a {@link FilesystemFullException} if a full filesystem caused it, else itself.
     *
     * @param watch what the free space was while the failed step ran
     */
    public static RuntimeException explain(StageContext context, FreeSpaceWatch watch, RuntimeException failure) {
        if (failure instanceof FilesystemFullException) {
            return failure;
        }
        String during = firstLine(failure.getMessage());
        Path rootfs = context.rootfs();
        Path cache = context.packageArchives().cache();
        FilesystemFullException.Writing rootfsWrite = FilesystemFullException
                .writing("the rootfs " + rootfs, rootfs).failedStep(during).advice(rootfsAdvice(context.options()))
                .lowestAvailable(watch.lowestAvailableBytes(rootfs));
        FilesystemFullException.Writing cacheWrite = FilesystemFullException
                .writing("the package cache " + cache, cache).failedStep(during)
                .advice("Free space there (the cache's .deb files may be deleted: they are downloaded again),"
                        + " or put the package cache on a filesystem with more room (BuildOptions.packageCacheDirectory).")
                .lowestAvailable(watch.lowestAvailableBytes(cache));
        if (failure instanceof BuildFailedException failed) {
            List<String> lines = failed.lastOutput();
            OptionalLong download = aptSize(lines, APT_DOWNLOAD);
            OptionalLong unpacked = aptSize(lines, APT_UNPACKED);
            cacheWrite = download.isPresent() ? cacheWrite.needing(download.getAsLong()) : cacheWrite;
            rootfsWrite = unpacked.isPresent() ? rootfsWrite.needing(unpacked.getAsLong()) : rootfsWrite;
        }
        Optional<FilesystemFullException> full = FilesystemFullException.Writing
                .fullest(List.of(rootfsWrite, cacheWrite)).causedBy(failure);
        return full.isPresent() ? full.get() : failure;
    }

    /** apt-get's sizes, in its decimal units: "Need to get 7550 kB/9499 kB of archives." */
    static OptionalLong aptSize(List<String> lines, Pattern pattern) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                double number = Double.parseDouble(m.group(1).replace(",", ""));
                long unit = switch (m.group(2)) {
                    case "kB" -> 1000L;
                    case "MB" -> 1000_000L;
                    case "GB" -> 1000_000_000L;
                    default -> 1L;
                };
                return OptionalLong.of((long) (number * unit));
            }
        }
        return OptionalLong.empty();
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
