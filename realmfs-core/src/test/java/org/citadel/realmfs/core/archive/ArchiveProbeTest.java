package org.citadel.realmfs.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveProbeTest {

    @Test
    void aReleaseStateHasTheCodenameDigestAndDateOfTheInReleaseFile(@TempDir Path mirror) throws Exception {
        String inRelease = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: Debian\nSuite: stable\n"
                + "Codename: trixie\nDate: Sat, 15 Nov 2025 09:24:03 UTC\nAcquire-By-Hash: yes\n";
        Files.createDirectories(mirror.resolve("dists/stable"));
        Files.writeString(mirror.resolve("dists/stable/InRelease"), inRelease);

        ArchiveProbe.ReleaseState state = new ArchiveProbe().probe(mirror.toUri(), "stable");

        assertThat(state.codename()).isEqualTo("trixie");
        assertThat(state.inReleaseSha256()).isEqualTo(org.citadel.realmfs.core.io.Sha256.hex(
                inRelease.getBytes(StandardCharsets.UTF_8)));
        assertThat(state.date()).contains(Instant.parse("2025-11-15T09:24:03Z"));
    }

    @Test
    void theDateIsReadInTheFormsReleaseFilesUse() {
        assertThat(ArchiveProbe.date("Date: Sat, 15 Nov 2025 09:24:03 UTC\n"))
                .contains(Instant.parse("2025-11-15T09:24:03Z"));
        assertThat(ArchiveProbe.date("Date: Mon, 3 Feb 2025 20:01:59 +0000\n"))
                .contains(Instant.parse("2025-02-03T20:01:59Z"));
        assertThat(ArchiveProbe.date("Codename: sid\n")).isEmpty();
        assertThat(ArchiveProbe.date("Date: someday\n")).isEmpty();
    }
}
