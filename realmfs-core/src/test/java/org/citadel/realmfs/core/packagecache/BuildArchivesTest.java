package org.citadel.realmfs.core.packagecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildArchivesTest {
    @TempDir
    Path temp;
    Path cache;

    @BeforeEach
    void aCacheWithTwoPackagesAndLeftoversOfTheOldLayout() throws IOException {
        cache = Files.createDirectories(temp.resolve("package-cache"));
        Files.writeString(cache.resolve("less_668-1_amd64.deb"), "less");
        Files.writeString(cache.resolve("bash_5.2_amd64.deb"), "bash");
        Files.writeString(Files.createDirectories(cache.resolve("partial")).resolve("half_1_all.deb"), "ha");
        Files.writeString(cache.resolve("lock"), "");
    }

    @Test
    void aBuildGetsItsOwnDirectoryWithALinkToEveryCompletePackageFileAndItsOwnPartial() throws IOException {
        try (BuildArchives archives = BuildArchives.open(cache)) {
            Path own = archives.directory();

            assertThat(own.getParent()).isEqualTo(cache.resolve(".builds"));
            assertThat(names(own)).containsExactlyInAnyOrder("bash_5.2_amd64.deb", "less_668-1_amd64.deb", "partial");
            assertThat(Files.isSameFile(own.resolve("less_668-1_amd64.deb"), cache.resolve("less_668-1_amd64.deb"))).isTrue();
            assertThat(own.resolve("partial")).isEmptyDirectory();
            assertThat(archives.unpublished()).isEmpty();
        }
    }

    @Test
    void twoBuildsAtOnceGetTwoDirectoriesAndNeitherDisturbsTheOther() throws IOException {
        try (BuildArchives first = BuildArchives.open(cache); BuildArchives second = BuildArchives.open(cache)) {
            assertThat(first.directory()).isNotEqualTo(second.directory());
            assertThat(second.removedStale()).isEmpty();
            assertThat(first.directory().resolve("less_668-1_amd64.deb")).exists();
        }
    }

    @Test
    void whatABuildDownloadedIsPublishedWholeAtItsNameAndSeenByTheNextBuild() throws IOException {
        try (BuildArchives archives = BuildArchives.open(cache)) {
            Path downloaded = Files.writeString(archives.directory().resolve("vim_9.1_amd64.deb"), "vim");
            Files.writeString(archives.directory().resolve("partial/zsh_5.9_amd64.deb"), "zs");
            Files.createSymbolicLink(archives.directory().resolve("evil_1_all.deb"), Path.of("/etc/shadow"));

            assertThat(archives.unpublished()).containsExactly(downloaded);
            assertThat(archives.publish(archives.unpublished())).containsExactly(downloaded);

            assertThat(Files.readString(cache.resolve("vim_9.1_amd64.deb"))).isEqualTo("vim");
            assertThat(archives.unpublished()).isEmpty();
            assertThat(cache.resolve("evil_1_all.deb")).doesNotExist();
            assertThat(cache.resolve("zsh_5.9_amd64.deb")).doesNotExist();
        }
        try (BuildArchives next = BuildArchives.open(cache)) {
            assertThat(next.directory().resolve("vim_9.1_amd64.deb")).hasContent("vim");
        }
    }

    @Test
    void aFileTheCacheAlreadyHasIsLeftAsItIsAndNothingIsEverDeletedFromTheCache() throws IOException {
        try (BuildArchives first = BuildArchives.open(cache); BuildArchives second = BuildArchives.open(cache)) {
            Path fromFirst = Files.writeString(first.directory().resolve("vim_9.1_amd64.deb"), "vim");
            Path fromSecond = Files.writeString(second.directory().resolve("vim_9.1_amd64.deb"), "other");
            first.publish(List.of(fromFirst));

            assertThat(second.unpublished()).isEmpty();
            assertThat(second.publish(List.of(fromSecond))).isEmpty();
            // what `apt-get clean` in a rootfs does to its archives directory
            try (Stream<Path> files = Files.list(second.directory())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.delete(file);
                }
            }
        }
        assertThat(cache.resolve("vim_9.1_amd64.deb")).hasContent("vim");
        assertThat(names(cache)).contains("bash_5.2_amd64.deb", "less_668-1_amd64.deb");
    }

    @Test
    void closingRemovesTheBuildsDirectoryAndItsLock() throws IOException {
        BuildArchives archives = BuildArchives.open(cache);
        Files.writeString(archives.directory().resolve("partial/vim_9.1_amd64.deb"), "half");
        archives.close();

        assertThat(cache.resolve(".builds")).isEmptyDirectory();
        assertThat(cache.resolve("less_668-1_amd64.deb")).hasContent("less");
    }

    @Test
    void theDirectoryOfABuildThatNoLongerRunsIsRemovedByTheNextAndOneStillRunningIsKept() throws IOException {
        Path builds = Files.createDirectories(cache.resolve(".builds"));
        Path killed = builds.resolve("killed");
        Files.createDirectories(killed.resolve("partial"));
        Files.writeString(builds.resolve("killed.lock"), "");
        Files.writeString(killed.resolve("partial/vim_9.1_amd64.deb"), "half");
        Files.writeString(builds.resolve("orphan.lock"), "");
        Path running = Files.createDirectories(builds.resolve("running"));
        try (Fd otherProcess = Kernel.openLockFile(builds.resolve("running.lock"))) {
            assertThat(Kernel.tryLockExclusive(otherProcess)).isTrue();

            try (BuildArchives archives = BuildArchives.open(cache)) {
                assertThat(archives.removedStale()).containsExactly(killed);
                assertThat(killed).doesNotExist();
                assertThat(builds.resolve("killed.lock")).doesNotExist();
                assertThat(builds.resolve("orphan.lock")).doesNotExist();
                assertThat(running).isDirectory();
            }
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        }
    }
}
