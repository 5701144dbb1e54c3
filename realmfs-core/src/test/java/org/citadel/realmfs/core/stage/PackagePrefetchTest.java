package org.citadel.realmfs.core.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagePrefetchTest {
    @TempDir
    Path cache;

    @Test
    void isWorthwhileWhenTheCacheHasNoFileOfSomeRequestedPackage() throws IOException {
        Files.createFile(cache.resolve("less_668-1_amd64.deb"));

        assertThat(PackagePrefetch.worthwhile(List.of("less", "procps"), cache)).isTrue();
        assertThat(PackagePrefetch.worthwhile(List.of("less"), cache)).isFalse();
    }

    @Test
    void anyCachedVersionCounts() throws IOException {
        Files.createFile(cache.resolve("bsdutils_1%3a2.41-4_amd64.deb"));

        assertThat(PackagePrefetch.worthwhile(List.of("bsdutils"), cache)).isFalse();
    }

    @Test
    void aNewCacheDirectoryIsWorthPrefetchingInto() {
        assertThat(PackagePrefetch.worthwhile(List.of("less"), cache.resolve("not-yet"))).isTrue();
    }

    @Test
    void readsThePackageNameOutOfAptGetArguments() {
        assertThat(PackagePrefetch.bareName("less")).isEqualTo("less");
        assertThat(PackagePrefetch.bareName("less=668-1")).isEqualTo("less");
        assertThat(PackagePrefetch.bareName("less/trixie-backports")).isEqualTo("less");
        assertThat(PackagePrefetch.bareName("libc6:i386")).isEqualTo("libc6");
    }
}
