package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two real builds at the same time, in two work directories of this JVM, on one package cache and
 * one layer cache (both empty of what the recipes need): their package layers differ (their host
 * names do), so both install packages at once (one restores the bootstrap layer the other makes,
 * {@link SingleFlightIT}); neither disturbs the other, and their modules rename only their own host. Then a third, which removes what a killed build
 * left in the package cache, and two more at once, one in another process, all reusing the layer
 * the first two stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedCachesIT {
    static final String PLANTED = "realmfs-planted_1.0_all.deb";

    Path temp;
    Path packageCache;
    Path layerCache;
    String hostName;
    final List<BuildEvent> first = new CopyOnWriteArrayList<>();
    final List<BuildEvent> second = new CopyOnWriteArrayList<>();
    BuildResult firstResult;
    BuildResult secondResult;

    @BeforeAll
    void twoBuildsAtOnce() throws Exception {
        temp = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "realmfs-shared-caches-it");
        packageCache = cacheWithoutPackagesStartingWith("package-cache", "hello_");
        layerCache = temp.resolve("layers");
        hostName = currentHostName();
        ExecutorService builds = Executors.newFixedThreadPool(2);
        try {
            Future<BuildResult> a = builds.submit(() -> build("first", first));
            Future<BuildResult> b = builds.submit(() -> build(recipe("realm-two"), "second", second));
            firstResult = a.get();
            secondResult = b.get();
        } finally {
            builds.shutdownNow();
        }
    }

    static RealmfsBuild recipe() {
        return recipe("realm-one");
    }

    static RealmfsBuild recipe(String hostName) {
        return RealmfsBuild.builder()
                .hostname(hostName)
                .packages("hello")
                .preModule("plant", "echo planted > /var/cache/apt/archives/" + PLANTED)
                .postModule("rename-host", "echo \"hostname inside: $(hostname)\"\nhostname realmfs-canary\n"
                        + "echo \"renamed to: $(hostname)\"")
                .build();
    }

    @Test
    void bothBuildsSucceedAndNeitherSawTheOthersAptLock() {
        assertThat(firstResult.installedPackages()).contains("hello");
        assertThat(secondResult.installedPackages()).contains("hello");
        assertThat(warnings(first)).isEmpty();
        assertThat(warnings(second)).isEmpty();
    }

    @Test
    void whatTheyDownloadedIsInTheSharedCacheAndWhatAModulePlantedIsNot() throws IOException {
        assertThat(debsIn(packageCache)).anyMatch(name -> name.startsWith("hello_")).doesNotContain(PLANTED);
        assertThat(messages(first)).contains("not added to the shared package cache: " + PLANTED
                + ": not the file of an installed package");
        List<String> both = new ArrayList<>(messages(first));
        both.addAll(messages(second));
        assertThat(both).anyMatch(m -> m.matches("added \\d+ package file\\(s\\) to the package cache " + packageCache));
    }

    @Test
    void aModuleRenamingTheHostRenamesTheBuildsOwnHostOnly() throws IOException {
        assertThat(output(first)).contains("hostname inside: realm-one", "renamed to: realmfs-canary");
        assertThat(output(second)).contains("hostname inside: realm-two");
        assertThat(currentHostName()).isEqualTo(hostName);
    }

    @Test
    void laterBuildsReuseThePackageLayerTheyStoredAlsoTwoAtOnceOneInAnotherProcess() throws Exception {
        Path killedBuild = Files.createDirectories(packageCache.resolve(".builds/killed-build/partial")).getParent();
        Files.writeString(killedBuild.resolve("partial/hello_2.10-5_amd64.deb"), "half a download");
        List<BuildEvent> third = new CopyOnWriteArrayList<>();
        BuildResult result = build("third", third);
        assertThat(messages(third)).contains("removed " + killedBuild + ": the package directory of a build that no longer runs");

        Process otherProcess = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", System.getProperty("java.class.path"),
                SharedCachesBuild.class.getName(), temp.resolve("work-process").toString(), packageCache.toString(),
                layerCache.toString()).redirectErrorStream(true).start();
        List<BuildEvent> fourth = new CopyOnWriteArrayList<>();
        build("fourth", fourth);
        String otherOutput = new String(otherProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(otherProcess.waitFor()).as(otherOutput).isZero();
        assertThat(otherOutput.lines().filter(line -> line.startsWith("skipped: ")))
                .containsExactly("skipped: BOOTSTRAP", "skipped: PRE_INSTALL_MODULES", "skipped: INSTALL_PACKAGES");
        assertThat(skipped(third)).containsExactly(Stage.BOOTSTRAP, Stage.PRE_INSTALL_MODULES, Stage.INSTALL_PACKAGES);
        assertThat(skipped(fourth)).isEqualTo(skipped(third));
        assertThat(result.installedPackages()).isEqualTo(firstResult.installedPackages());
        assertNothingLeft();
    }

    @Test
    void aBuildWhoseInstallationFailsStillPublishesWhatItDownloaded() throws IOException {
        Path cache = cacheWithoutPackagesStartingWith("package-cache-failed", "hello_");
        List<BuildEvent> events = new CopyOnWriteArrayList<>();
        RealmfsBuild failing = RealmfsBuild.builder().packages("hello")
                .preModule("break-dpkg", "echo 'DPkg::Pre-Invoke { \"false\"; };' > /etc/apt/apt.conf.d/99realmfs-fail")
                .build();

        assertThatThrownBy(() -> failing.run(temp.resolve("work-failed"), ItSupport.options()
                .packageCacheDirectory(cache).layerCacheDirectory(layerCache).listener(events::add).build()))
                .hasMessageContaining("apt-get install");

        assertThat(skipped(events)).containsExactly(Stage.BOOTSTRAP); // the layer the first two stored
        assertThat(debsIn(cache)).anyMatch(name -> name.startsWith("hello_"));
        assertThat(ItSupport.hostMountsIn(temp)).isEmpty();
        assertThat(cache.resolve(".builds")).isEmptyDirectory();
    }

    @Test
    void noMountAndNoBuildDirectoryIsLeft() throws IOException {
        assertNothingLeft();
    }

    @AfterAll
    void removeEverything() throws IOException {
        assertNothingLeft();
        TreeRemover.removeTree(temp);
    }

    private void assertNothingLeft() throws IOException {
        assertThat(ItSupport.hostMountsIn(temp)).isEmpty();
        assertThat(packageCache.resolve(".builds")).isEmptyDirectory();
    }

    private BuildResult build(String name, List<BuildEvent> events) {
        return build(recipe(), name, events);
    }

    private BuildResult build(RealmfsBuild recipe, String name, List<BuildEvent> events) {
        return recipe.run(temp.resolve("work-" + name), ItSupport.options().packageCacheDirectory(packageCache)
                .layerCacheDirectory(layerCache).listener(events::add).build());
    }

    /** A new package cache holding hard links to the shared one's files, but for these packages. */
    private Path cacheWithoutPackagesStartingWith(String directoryName, String... prefixes) throws IOException {
        Path cache = Files.createDirectories(temp.resolve(directoryName));
        if (Files.isDirectory(ItSupport.PACKAGE_CACHE)) {
            try (DirectoryStream<Path> debs = Files.newDirectoryStream(ItSupport.PACKAGE_CACHE, "*.deb")) {
                for (Path deb : debs) {
                    String name = deb.getFileName().toString();
                    if (List.of(prefixes).stream().noneMatch(name::startsWith)) {
                        Files.createLink(cache.resolve(name), deb);
                    }
                }
            }
        }
        return cache;
    }

    private static String currentHostName() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    private static List<String> debsIn(Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> debs = Files.newDirectoryStream(directory, "*.deb")) {
            debs.forEach(deb -> names.add(deb.getFileName().toString()));
        }
        return names;
    }

    private static List<Stage> skipped(List<BuildEvent> events) {
        return events.stream().filter(BuildEvent.StageSkipped.class::isInstance)
                .map(e -> ((BuildEvent.StageSkipped) e).stage()).toList();
    }

    private static List<String> messages(List<BuildEvent> events) {
        return events.stream().filter(BuildEvent.Message.class::isInstance)
                .map(e -> ((BuildEvent.Message) e).text()).toList();
    }

    private static List<String> warnings(List<BuildEvent> events) {
        return events.stream().filter(BuildEvent.Warning.class::isInstance)
                .map(e -> ((BuildEvent.Warning) e).text()).toList();
    }

    private static List<String> output(List<BuildEvent> events) {
        return events.stream().filter(BuildEvent.CommandOutput.class::isInstance)
                .map(e -> ((BuildEvent.CommandOutput) e).line()).toList();
    }
}
