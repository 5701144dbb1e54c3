package org.citadel.realmfs.core.stage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.download.AptProxyConfig;
import org.citadel.realmfs.core.download.DownloadReport;
import org.citadel.realmfs.core.download.PackageDownload;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.download.ParallelDownloader;
import org.citadel.realmfs.core.io.HostFiles;

/**
 * Downloads in parallel what {@code apt-get install} is about to download one file after another:
 * asks apt ({@code --print-uris}) which package files it needs, and fetches them over several
 * connections into the build's archives directory, where apt finds them, checks them and uses them.
 *
 * <p>Asking apt costs about half a second, so it is only done when the package cache has no file at
 * all for one of the requested packages (a new package, or a new package cache); a warm cache goes
 * straight to {@code apt-get install}. Anything that goes wrong here only means apt downloads more.
 */
final class PackagePrefetch {
    private static final String WHAT = "downloading packages";

    private final int connections;

    PackagePrefetch(int connections) {
        this.connections = connections;
    }

    /** Whether some requested package has no file in the cache, of any version. */
    static boolean worthwhile(List<String> packages, Path packageCache) {
        Set<String> cached = cachedPackageNames(packageCache);
        return packages.stream().map(PackagePrefetch::bareName).anyMatch(name -> !cached.contains(name));
    }

    /**
     * Downloads what apt would; returns the index entries apt named (empty if it was not asked),
     * which tell {@link PackagePublisher} what the downloaded files must be.
     */
    List<PackageDownload> run(StageContext context, List<String> packages) {
        BuildCommands commands = context.commands();
        BuildCommands.Captured config = commands.capture(Stage.INSTALL_PACKAGES,
                commands.chroot(List.of("apt-config", "dump")));
        if (!config.succeeded()) {
            return List.of();
        }
        AptProxyConfig proxies = AptProxyConfig.parse(config.lines());
        if (!proxies.understood()) {
            context.events().message(Stage.INSTALL_PACKAGES,
                    "apt is set to use per-host or auto-detected proxies: leaving the downloads to apt");
            return List.of();
        }
        // apt names the first hash it knows (MD5 on some versions) unless told which
        List<String> argv = new ArrayList<>(List.of("apt-get", "install", "--print-uris", "-qq", "-y",
                "-o", "Acquire::ForceHash=SHA256", "--"));
        argv.addAll(packages);
        BuildCommands.Captured printed = commands.capture(Stage.INSTALL_PACKAGES, commands.chroot(argv));
        if (!printed.succeeded()) {
            return List.of(); // apt-get install itself will say what is wrong
        }
        List<PackageDownload> named = printed.lines().stream().flatMap(line -> PackageDownload.parse(line).stream()).toList();
        List<PackageDownload> downloads = named.stream()
                .filter(download -> download.uri().getScheme().matches("https?"))
                .toList();
        if (downloads.isEmpty()) {
            return named;
        }
        long total = downloads.stream().mapToLong(PackageDownload::size).sum();
        ParallelDownloader downloader = new ParallelDownloader(connections, proxies.selector());
        DownloadReport report = downloader.download(downloads, context.packageArchives().directory(),
                done -> context.events().onEvent(new BuildEvent.Progress(Stage.INSTALL_PACKAGES, WHAT, done, total)));
        context.events().message(Stage.INSTALL_PACKAGES, String.format(
                "downloaded %d of %d package files (%.1f MiB) in %.1f s over %d connections",
                report.downloaded(), downloads.size(), report.bytes() / 1048576.0, report.took().toMillis() / 1e3,
                connections));
        report.failures().forEach(failure -> context.events().message(Stage.INSTALL_PACKAGES,
                "not downloaded ahead, apt will fetch it: " + failure));
        return named;
    }

    /** apt-get's argument without a version, release or architecture: {@code less=590-2} is {@code less}. */
    static String bareName(String argument) {
        String name = argument;
        for (char separator : new char[] {'=', '/', ':'}) {
            int at = name.indexOf(separator);
            if (at > 0) {
                name = name.substring(0, at);
            }
        }
        return name;
    }

    private static Set<String> cachedPackageNames(Path packageCache) {
        Set<String> names = new HashSet<>();
        if (!Files.isDirectory(packageCache)) {
            return names;
        }
        try (DirectoryStream<Path> debs = Files.newDirectoryStream(packageCache, "*_*.deb")) {
            for (Path deb : debs) {
                String file = deb.getFileName().toString();
                names.add(file.substring(0, file.indexOf('_')));
            }
        } catch (IOException e) {
            throw HostFiles.ioFailure("list the package cache", packageCache, e);
        }
        return names;
    }
}
