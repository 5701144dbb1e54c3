package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.linux.FilesystemFullException;
import org.citadel.realmfs.core.output.image.Ext4Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real builds that run out of space: in the rootfs's tmpfs during debootstrap, in the package cache
 * during the package installation, and on the filesystem each output is written to. Each fails
 * naming the full filesystem once, leaves nothing mounted under its work directory and no partial
 * output. The default small recipe; one layer cache for all, so that only the first build that gets
 * past the package stage pays for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskFullIT {
    private static final String FULL = "No space left on the filesystem mounted at ";

    Path temp;
    Path layerCache;
    Path work;
    final List<BuildEvent> events = new ArrayList<>();

    @BeforeAll
    void createDirectories() throws IOException {
        temp = Files.createTempDirectory("realmfs-disk-full-it");
        layerCache = temp.resolve("layer-cache");
    }

    @AfterAll
    void removeDirectories() throws IOException {
        try (Stream<Path> paths = Files.walk(temp)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @AfterEach
    void nothingOfTheBuildStaysMountedAndTheFailureIsOneEvent() {
        assertThat(ItSupport.hostMountsIn(work)).isEmpty();
        assertThat(events.stream().filter(BuildEvent.BuildFailed.class::isInstance)).hasSizeLessThanOrEqualTo(1);
        assertThat(events).noneMatch(e -> e instanceof BuildEvent.Warning w && w.text().contains("build failed"));
        events.clear();
    }

    private BuildOptions.Builder options(String name) throws IOException {
        work = Files.createDirectories(temp.resolve(name));
        return options();
    }

    private BuildOptions.Builder options() {
        return ItSupport.options().layerCacheDirectory(layerCache).listener(events::add);
    }

    private static void failsNaming(Throwable thrown, Path mountPoint) {
        assertThat(thrown).isInstanceOf(FilesystemFullException.class);
        assertThat(((FilesystemFullException) thrown).mountPoint()).isEqualTo(mountPoint);
        assertThat(thrown.getMessage()).containsOnlyOnce("No space left on the filesystem")
                .contains(FULL + mountPoint + " (tmpfs)").contains("MiB free of ");
    }

    private void failureIsLogged() {
        assertThat(events).last().isInstanceOf(BuildEvent.BuildFailed.class);
        assertThat(ItSupport.read(work.resolve("realmfs-build.log"))).contains("build failed during: ", FULL);
    }

    @Test
    @Order(1)
    void theRootfsTmpfsFillingUpDuringDebootstrap() throws IOException {
        BuildOptions options = options("bootstrap").tmpfsSize("48m").build();

        Throwable thrown = catchThrowable(() -> RealmfsBuild.builder().build().run(work, options));

        failsNaming(thrown, work.resolve("rootfs"));
        assertThat(thrown.getMessage()).contains("debootstrap", "48m", "--no-tmpfs");
        failureIsLogged();
    }

    @Test
    @Order(2)
    void thePackageCacheFillingUpWhileAPackageIsDownloadedForInstallation() throws Exception {
        // The base system's files in the shared package cache and its layers in this class's layer
        // cache (whatever ran before), so that what this build downloads is vim's own files only:
        // vim-runtime alone is larger than the 2 MiB the small cache has left.
        RealmfsBuild.builder().build().run(temp.resolve("warm"), options().build());
        BuildOptions.Builder options = options("install");
        List<Path> cached = cachedPackagesExcept("vim");
        try (SmallTmpfs cache = SmallTmpfs.mount(temp.resolve("small-package-cache"), sizeOfPlus(cached, 2))) {
            for (Path deb : cached) {
                Files.copy(deb, cache.path().resolve(deb.getFileName()));
            }
            RealmfsBuild withALargerPackage = RealmfsBuild.builder().packages("vim").build();

            Throwable thrown = catchThrowable(() -> withALargerPackage.run(work,
                    options.packageCacheDirectory(cache.path()).build()));

            failsNaming(thrown, cache.path());
            assertThat(thrown.getMessage()).contains("apt-get install", "packageCacheDirectory");
            failureIsLogged();
        }
    }

    @Test
    @Order(3)
    void theTarOutputsFilesystemFillingUp() throws Exception {
        BuildOptions.Builder options = options("tar");
        try (SmallTmpfs small = SmallTmpfs.mount(temp.resolve("small-tar"), "16m")) {
            Path tar = small.path().resolve("rootfs.tar");

            Throwable thrown = catchThrowable(() -> RealmfsBuild.builder().build()
                    .run(work, options.output(Output.tar(tar)).build()));

            failsNaming(thrown, small.path());
            assertThat(thrown.getMessage()).contains("the tar output " + tar).containsPattern("about \\d+ MiB needed");
            assertThat(filesIn(small.path())).isEmpty();
            failureIsLogged();
        }
        events.clear();
        Path roomy = work.resolve("rootfs.tar");
        RealmfsBuild.builder().build().run(work, options().output(Output.tar(roomy)).build());
        assertThat(roomy).isNotEmptyFile();
        assertThat(filesIn(work)).noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
    }

    @Test
    @Order(4)
    void theExt4ImagesFilesystemFillingUpIsNotCalledATooSmallImage() throws Exception {
        BuildOptions.Builder options = options("ext4");
        try (SmallTmpfs small = SmallTmpfs.mount(temp.resolve("small-ext4"), "16m")) {
            Path image = small.path().resolve("rootfs.ext4");

            Throwable thrown = catchThrowable(() -> RealmfsBuild.builder().build()
                    .run(work, options.output(Output.ext4(image, Ext4Size.ORIGINAL_BYTES)).build()));

            failsNaming(thrown, small.path());
            // the image is a copy of the ext4 base, so the copy, not mkfs, finds the filesystem full
            assertThat(thrown.getMessage()).contains("while writing the ext4 output " + image)
                    .containsPattern("about \\d+ MiB needed").doesNotContain("too small");
            assertThat(filesIn(small.path())).isEmpty();
            failureIsLogged();
        }
    }

    @Test
    @Order(5)
    void theRealmfsImagesFilesystemFillingUp() throws Exception {
        BuildOptions.Builder options = options("realmfs");
        try (SmallTmpfs small = SmallTmpfs.mount(temp.resolve("small-realmfs"), "16m")) {
            Throwable thrown = catchThrowable(() -> RealmfsBuild.builder().build()
                    .run(work, options.output(RealmfsImageOutput.builder(small.path()).build()).build()));

            failsNaming(thrown, small.path());
            assertThat(filesIn(small.path())).isEmpty();
            failureIsLogged();
        }
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    /** The package files of the ITs' shared package cache, but for those whose name starts with {@code prefix}. */
    private static List<Path> cachedPackagesExcept(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(ItSupport.PACKAGE_CACHE)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".deb"))
                    .filter(p -> !p.getFileName().toString().startsWith(prefix))
                    .filter(Files::isRegularFile).toList();
        }
    }

    private static String sizeOfPlus(List<Path> files, int mib) {
        long bytes = files.stream().mapToLong(p -> (p.toFile().length() + 4095) / 4096 * 4096).sum();
        return ((bytes >> 20) + 1 + mib) + "m";
    }
}
