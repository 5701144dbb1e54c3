package org.citadel.realmfs.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.BuildIoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostAptSourcesTest {
    @TempDir
    Path apt;

    @Test
    void findsTheDebianMirrorInDeb822SourcesAndSkipsSecurityAndThirdPartyArchives() throws IOException {
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list.d/a-vendor.sources"), """
                Types: deb
                URIs: https://vendor.invalid/apt
                Suites: nodistro
                Components: main
                """);
        Files.writeString(apt.resolve("sources.list.d/debian.sources"), """
                Types: deb
                # a comment
                URIs: http://security.invalid/debian-security
                Suites: bookworm-security
                Components: main

                Types: deb deb-src
                URIs: http://mirror.invalid/debian
                Suites: bookworm bookworm-updates
                Components: main contrib
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """);

        assertThat(new HostAptSources(apt).debianMirror()).contains(URI.create("http://mirror.invalid/debian"));
    }

    @Test
    void readsTheOneLineFormatWithOptionBlocksAndComments() throws IOException {
        Files.writeString(apt.resolve("sources.list"), """
                # deb http://old.invalid/debian buster main
                deb [arch=amd64 signed-by=/k.gpg] http://mirror.invalid/debian trixie main  # trailing
                deb http://mirror.invalid/debian-security trixie-security main
                """);

        assertThat(new HostAptSources(apt).debianMirror()).contains(URI.create("http://mirror.invalid/debian"));
    }

    @Test
    void disabledStanzasAndSourceOnlyEntriesDoNotCount() throws IOException {
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list.d/debian.sources"), """
                Types: deb
                URIs: http://off.invalid/debian
                Suites: trixie
                Components: main
                Enabled: no

                Types: deb-src
                URIs: http://src.invalid/debian
                Suites: trixie
                Components: main
                """);

        assertThat(new HostAptSources(apt).debianMirror()).isEmpty();
    }

    @Test
    void aSourcesFileThatCannotBeReadIsReportedWithItsHostPath() throws IOException {
        Path unreadable = Files.createDirectories(apt.resolve("sources.list.d/debian.sources"));

        assertThatThrownBy(() -> new HostAptSources(apt).sources())
                .isInstanceOf(BuildIoException.class)
                .hasMessageStartingWith("Cannot read the apt sources file " + unreadable + ": Is a directory. ")
                .hasCauseInstanceOf(IOException.class);
    }
}
