package org.citadel.realmfs.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReleaseChecksumsTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);

    static final String IN_RELEASE = """
            -----BEGIN PGP SIGNED MESSAGE-----
            Hash: SHA256

            Origin: Debian
            Codename: trixie
            MD5Sum:
             0123456789abcdef0123456789abcdef 999 main/binary-amd64/Packages
            SHA256:
             %s 47110 main/binary-amd64/Packages
             %s  9812 main/binary-amd64/Packages.xz
             not-a-digest 12 main/binary-arm64/Packages
            Acquire-By-Hash: yes
            -----BEGIN PGP SIGNATURE-----
             %s 1 not/an/entry
            """.formatted(A, B, C);

    @Test
    void itReadsEachIndexOfTheSha256FieldWithItsSizeAndDigest() {
        ReleaseChecksums checksums = ReleaseChecksums.parse(IN_RELEASE);

        assertThat(checksums.entry("main/binary-amd64/Packages")).hasValue(new ReleaseChecksums.Entry(A, 47110));
        assertThat(checksums.entry("main/binary-amd64/Packages.xz")).hasValue(new ReleaseChecksums.Entry(B, 9812));
    }

    @Test
    void otherFieldsMalformedLinesAndTheSignatureAreNotEntries() {
        ReleaseChecksums checksums = ReleaseChecksums.parse(IN_RELEASE);

        assertThat(checksums.entries()).containsOnlyKeys("main/binary-amd64/Packages", "main/binary-amd64/Packages.xz");
        assertThat(checksums.entry("not/an/entry")).isEmpty();
    }
}
