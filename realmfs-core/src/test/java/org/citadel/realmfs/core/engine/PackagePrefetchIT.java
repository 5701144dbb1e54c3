package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build whose package cache lacks the requested packages fetches them ahead of apt-get install,
 * several at a time, into the package cache, and apt installs them without downloading anything
 * itself. Needs root and the host's Debian mirror.
 */
class PackagePrefetchIT {
    @TempDir
    Path temp;

    private final List<BuildEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void nothingStaysMounted() {
        assertThat(ItSupport.hostMountsIn(temp)).isEmpty();
        TreeRemover.removeTree(temp.resolve("work"));
    }

    @Test
    void packagesMissingFromTheCacheAreDownloadedAheadInParallelAndUsedByApt() throws IOException {
        Path cache = cacheWithoutPackagesStartingWith("less_", "file_", "libmagic");

        BuildResult result = RealmfsBuild.builder().packages("less", "file").build()
                .run(temp.resolve("work"), ItSupport.options().packageCacheDirectory(cache).useLayerCache(false)
                        .listener(events::add).build());

        assertThat(result.installedPackages()).contains("less", "file")
                .anyMatch(name -> name.startsWith("libmagic1t64:")); // a library: multi-arch, named with its architecture
        assertThat(messages()).anySatisfy(message -> assertThat(message).matches(
                "downloaded ([4-9]|\\d\\d+) of \\1 package files \\(.* MiB\\) in .* s over 4 connections"));
        assertThat(debsIn(cache)).anyMatch(name -> name.startsWith("less_"))
                .anyMatch(name -> name.startsWith("file_")).anyMatch(name -> name.startsWith("libmagic1t64_"));
        assertThat(outputLines()).anySatisfy(line -> assertThat(line).startsWith("Need to get 0 B/"));
        try (DirectoryStream<Path> partial = Files.newDirectoryStream(cache.resolve("partial"))) {
            assertThat(partial).isEmpty();
        }
    }

    @Test
    void aCacheThatHoldsEveryRequestedPackageGoesStraightToAptGetInstall() throws IOException {
        Path cache = cacheWithoutPackagesStartingWith("less_");
        RealmfsBuild recipe = RealmfsBuild.builder().packages("less").build();
        recipe.run(temp.resolve("work"), ItSupport.options().packageCacheDirectory(cache).useLayerCache(false).build());

        recipe.run(temp.resolve("work"), ItSupport.options().packageCacheDirectory(cache).useLayerCache(false)
                .listener(events::add).build());

        assertThat(messages()).noneMatch(message -> message.startsWith("downloaded "));
        assertThat(outputLines()).anySatisfy(line -> assertThat(line).startsWith("Need to get 0 B/"));
    }

    /** A new package cache holding (hard links to) the shared one's files, but for these packages. */
    private Path cacheWithoutPackagesStartingWith(String... prefixes) throws IOException {
        Path cache = Files.createDirectories(temp.resolve("package-cache/partial")).getParent();
        if (Files.isDirectory(ItSupport.PACKAGE_CACHE)) {
            try (DirectoryStream<Path> debs = Files.newDirectoryStream(ItSupport.PACKAGE_CACHE, "*.deb")) {
                for (Path deb : debs) {
                    String name = deb.getFileName().toString();
                    if (List.of(prefixes).stream().noneMatch(name::startsWith)) {
                        Files.copy(deb, cache.resolve(name));
                    }
                }
            }
        }
        return cache;
    }

    private List<String> messages() {
        return events.stream().filter(BuildEvent.Message.class::isInstance)
                .map(event -> ((BuildEvent.Message) event).text()).toList();
    }

    private List<String> outputLines() {
        return events.stream().filter(BuildEvent.CommandOutput.class::isInstance)
                .map(event -> ((BuildEvent.CommandOutput) event).line()).toList();
    }

    private static List<String> debsIn(Path cache) throws IOException {
        try (DirectoryStream<Path> debs = Files.newDirectoryStream(cache, "*.deb")) {
            return java.util.stream.StreamSupport.stream(debs.spliterator(), false)
                    .map(deb -> deb.getFileName().toString()).toList();
        }
    }
}
