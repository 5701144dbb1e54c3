package org.citadel.realmfs.core.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PackageDownloadTest {
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void readsAPrintUrisLine() {
        PackageDownload download = PackageDownload.parse(
                "'http://mirror.invalid/debian/pool/main/l/less/less_668-1_amd64.deb' less_668-1_amd64.deb 161232 SHA256:" + SHA)
                .orElseThrow();

        assertThat(download.uri()).isEqualTo(URI.create("http://mirror.invalid/debian/pool/main/l/less/less_668-1_amd64.deb"));
        assertThat(download.fileName()).isEqualTo("less_668-1_amd64.deb");
        assertThat(download.size()).isEqualTo(161232);
        assertThat(download.hashAlgorithm()).isEqualTo("SHA-256");
        assertThat(download.hash()).isEqualTo(HexFormat.of().parseHex(SHA));
    }

    @Test
    void keepsTheEpochAsAptEncodesItInTheFileName() {
        assertThat(PackageDownload.parse("'http://mirror.invalid/debian/pool/main/u/util-linux/bsdutils_2.41-5_amd64.deb'"
                + " bsdutils_1%3a2.41-5_amd64.deb 100 SHA512:" + SHA + SHA))
                .hasValueSatisfying(download -> {
                    assertThat(download.fileName()).isEqualTo("bsdutils_1%3a2.41-5_amd64.deb");
                    assertThat(download.hashAlgorithm()).isEqualTo("SHA-512");
                });
    }

    @Test
    void ignoresEverythingElseAptPrints() {
        assertThat(PackageDownload.parse("Reading package lists...")).isEmpty();
        assertThat(PackageDownload.parse("'http://mirror.invalid/a.deb' a.deb 10 SHA1:" + SHA.substring(0, 40))).isEmpty();
        assertThat(PackageDownload.parse("'http://mirror.invalid/a.deb' a.deb 10")).isEmpty();
    }

    @Test
    void refusesAFileNameThatWouldLeaveTheCacheDirectory() {
        assertThat(PackageDownload.parse("'http://mirror.invalid/a.deb' ../a.deb 10 SHA256:" + SHA)).isEmpty();
        assertThat(PackageDownload.parse("'http://mirror.invalid/a.deb' sub/a.deb 10 SHA256:" + SHA)).isEmpty();
    }
}
