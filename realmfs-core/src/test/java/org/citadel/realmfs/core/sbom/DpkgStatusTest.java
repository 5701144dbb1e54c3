package org.citadel.realmfs.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DpkgStatusTest {

    @Test
    void listsTheInstalledPackagesSortedWithTheirSourcePackages() {
        String status = """
                Package: zlib1g
                Status: install ok installed
                Priority: optional
                Architecture: amd64
                Multi-Arch: same
                Source: zlib
                Version: 1:1.3.dfsg+really1.3.1-1+b1
                Description: compression library - runtime
                 zlib is a library implementing the deflate compression method found
                 in gzip and PKZIP.
                 .
                 This package includes the shared library.

                Package: libgcc-s1
                Status: install ok installed
                Architecture: amd64
                Source: gcc-14 (14.2.0-19)
                Version: 14.2.0-19
                Depends: gcc-14-base (= 14.2.0-19),
                 libc6 (>= 2.35)

                Package: base-files
                Essential: yes
                Status: install ok installed
                Architecture: amd64
                Version: 13.8
                Conffiles:
                 /etc/debian_version 4a1e6ac9cf22ea5a0b8b4c9bd0a7fb8c
                 /etc/host.conf 4eb63731c9f5e30903ac4fc07a7fe3d6
                """;

        assertThat(DpkgStatus.installed(status)).containsExactly(
                new DpkgPackage("base-files", "13.8", "amd64", "base-files", "13.8"),
                new DpkgPackage("libgcc-s1", "14.2.0-19", "amd64", "gcc-14", "14.2.0-19"),
                new DpkgPackage("zlib1g", "1:1.3.dfsg+really1.3.1-1+b1", "amd64", "zlib", "1:1.3.dfsg+really1.3.1-1+b1"));
    }

    @Test
    void aSourceVersionInParenthesesIsTheSourcesAndABinNmuKeepsItsOwnVersion() {
        String status = """
                Package: attr
                Status: install ok installed
                Architecture: amd64
                Source: attr (1:2.5.2-3)
                Version: 1:2.5.2-3+b1
                """;

        assertThat(DpkgStatus.installed(status))
                .containsExactly(new DpkgPackage("attr", "1:2.5.2-3+b1", "amd64", "attr", "1:2.5.2-3"));
    }

    @Test
    void packagesThatAreNotInstalledAreSkipped() {
        String status = """
                Package: removed-but-configured
                Status: deinstall ok config-files
                Architecture: amd64
                Version: 1.0

                Package: half-installed
                Status: install reinstreq half-installed
                Architecture: amd64
                Version: 1.0

                Package: unpacked-only
                Status: install ok unpacked
                Architecture: all
                Version: 2.0

                Package: held
                Status: hold ok installed
                Architecture: all
                Version: 3.0

                Package: wanted
                Status: install ok not-installed
                Architecture: all
                """;

        assertThat(DpkgStatus.installed(status)).extracting(DpkgPackage::name).containsExactly("held");
    }

    @Test
    void fieldNamesAreCaseInsensitiveAndParagraphsMaySeparateWithBlankLinesOfSpaces() {
        String status = "package: a\nstatus: install ok installed\narchitecture: all\nversion: 1\n   \n"
                + "Package: b\r\nStatus: install ok installed\r\nArchitecture: all\r\nVersion: 2\r\n";

        assertThat(DpkgStatus.installed(status)).extracting(DpkgPackage::name, DpkgPackage::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "1"), org.assertj.core.groups.Tuple.tuple("b", "2"));
    }

    @Test
    void twoArchitecturesOfOnePackageAreTwoEntries() {
        String status = """
                Package: libc6
                Status: install ok installed
                Architecture: i386
                Version: 2.41-7

                Package: libc6
                Status: install ok installed
                Architecture: amd64
                Version: 2.41-7
                """;

        assertThat(DpkgStatus.installed(status)).extracting(DpkgPackage::architecture)
                .isEqualTo(List.of("amd64", "i386"));
    }
}
