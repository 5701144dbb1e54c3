package org.citadel.realmfs.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.packageurl.PackageURL;
import org.junit.jupiter.api.Test;

class DebianPackageUrlTest {

    @Test
    void namesTheDebianPackageWithItsArchitectureAndTheDistributionsCodename() {
        assertThat(DebianPackageUrl.of(new DpkgPackage("dpkg", "1.22.21", "amd64", "dpkg", "1.22.21"), "trixie"))
                .isEqualTo("pkg:deb/debian/dpkg@1.22.21?arch=amd64&distro=debian-trixie");
    }

    @Test
    void percentEncodesTheEpochColonAndPlusSignsButNotTildesDotsOrDashes() {
        String purl = DebianPackageUrl.of(
                new DpkgPackage("libstdc++6", "1:14.2.0-19+b1~bpo1.2", "amd64", "gcc-14", "14.2.0-19"), "trixie");

        assertThat(purl).isEqualTo("pkg:deb/debian/libstdc%2B%2B6@1%3A14.2.0-19%2Bb1~bpo1.2?arch=amd64&distro=debian-trixie");
    }

    @Test
    void decodesBackToTheSameNameAndVersion() throws Exception {
        PackageURL parsed = new PackageURL(DebianPackageUrl.of(
                new DpkgPackage("libstdc++6", "1:2.4.47-2+b1", "all", "x", "1"), "forky"));

        assertThat(parsed.getName()).isEqualTo("libstdc++6");
        assertThat(parsed.getVersion()).isEqualTo("1:2.4.47-2+b1");
        assertThat(parsed.getQualifiers()).containsEntry("arch", "all").containsEntry("distro", "debian-forky");
    }
}
