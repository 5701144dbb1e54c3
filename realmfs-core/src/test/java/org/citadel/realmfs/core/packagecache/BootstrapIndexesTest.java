package org.citadel.realmfs.core.packagecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** debootstrap's Packages indexes kept in the package cache under the InRelease digest, and copied into the next rootfs. */
class BootstrapIndexesTest {
    private static final String PREFIX = "mirror.invalid_debian_dists_trixie_";
    private static final String PACKAGES = PREFIX + "main_binary-amd64_Packages";
    private static final String INDEX = "Package: less\nVersion: 668-1\n\nPackage: bash\nVersion: 5.2\n";

    @TempDir
    Path temp;

    private Path cache() {
        return temp.resolve("package-cache");
    }

    private static String inRelease(String date, String packagesContent) {
        byte[] index = packagesContent.getBytes(StandardCharsets.UTF_8);
        return "Codename: trixie\nDate: " + date + "\nSHA256:\n " + Sha256.hex(index) + " " + index.length
                + " main/binary-amd64/Packages\n " + "e".repeat(64) + " 12 main/i18n/Translation-en\n";
    }

    /** A rootfs as debootstrap leaves it: the suite's InRelease and the uncompressed index in the apt lists. */
    private RootfsFiles bootstrapped(String name, String inRelease, String index) throws IOException {
        Path lists = Files.createDirectories(temp.resolve(name + "/var/lib/apt/lists"));
        Files.writeString(lists.resolve(PREFIX + "InRelease"), inRelease);
        Files.writeString(lists.resolve(PACKAGES), index);
        Files.writeString(lists.resolve(PREFIX + "main_i18n_Translation-en"), "not kept");
        Files.createDirectories(lists.resolve("partial"));
        return new RootfsFiles(temp.resolve(name));
    }

    private RootfsFiles empty(String name) throws IOException {
        return new RootfsFiles(Files.createDirectories(temp.resolve(name)));
    }

    @Test
    void theIndexKeptAfterOneBootstrapIsInTheNextRootfsOfTheSameArchiveState() throws IOException {
        String release = inRelease("Sat, 15 Nov 2025 09:24:03 UTC", INDEX);
        BootstrapIndexes indexes = new BootstrapIndexes(cache());

        assertThat(indexes.keep(bootstrapped("first", release, INDEX))).containsExactly(PACKAGES);
        RootfsFiles next = empty("next");
        BootstrapIndexes.Seeded seeded = indexes.seedForDebootstrap(Sha256.hex(release), next);

        assertThat(seeded.names()).containsExactly(PACKAGES);
        assertThat(seeded.bytes()).isEqualTo(INDEX.length());
        Path copied = temp.resolve("next/var/lib/apt/lists/" + PACKAGES);
        assertThat(copied).hasContent(INDEX);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copied))).isEqualTo("rw-r--r--");
        assertThat(temp.resolve("next/var/lib/apt/lists")).isDirectoryContaining(p -> p.getFileName().toString().equals(PACKAGES))
                .isDirectoryNotContaining(p -> p.getFileName().toString().endsWith("InRelease"));
    }

    @Test
    void anotherArchiveStateFindsNothingAndTheRootfsStaysEmpty() throws IOException {
        BootstrapIndexes indexes = new BootstrapIndexes(cache());
        indexes.keep(bootstrapped("first", inRelease("Sat, 15 Nov 2025 09:24:03 UTC", INDEX), INDEX));

        BootstrapIndexes.Seeded seeded = indexes.seedForDebootstrap(Sha256.hex("another InRelease"), empty("next"));

        assertThat(seeded.names()).isEmpty();
        assertThat(temp.resolve("next")).isEmptyDirectory();
    }

    @Test
    void anIndexThatIsNotWhatTheInReleaseNamesIsNotKept() throws IOException {
        String release = inRelease("Sat, 15 Nov 2025 09:24:03 UTC", INDEX);
        BootstrapIndexes indexes = new BootstrapIndexes(cache());

        assertThat(indexes.keep(bootstrapped("first", release, INDEX + "Package: planted\n"))).isEmpty();

        assertThat(indexes.seedForDebootstrap(Sha256.hex(release), empty("next")).names()).isEmpty();
        assertThat(cache().resolve(".indexes/" + Sha256.hex(release))).satisfiesAnyOf(
                dir -> assertThat(dir).doesNotExist(), dir -> assertThat(dir).isEmptyDirectory());
    }

    @Test
    void keepingANewArchiveStateRemovesTheOlderOne() throws IOException {
        String old = inRelease("Sat, 15 Nov 2025 09:24:03 UTC", INDEX);
        String newIndex = INDEX + "\nPackage: file\nVersion: 5.46\n";
        String current = inRelease("Sat, 10 Jan 2026 10:00:00 UTC", newIndex);
        BootstrapIndexes indexes = new BootstrapIndexes(cache());
        indexes.keep(bootstrapped("old", old, INDEX));

        assertThat(indexes.keep(bootstrapped("current", current, newIndex))).containsExactly(PACKAGES);

        assertThat(cache().resolve(".indexes")).isDirectoryContaining(p -> p.getFileName().toString().equals(Sha256.hex(current)))
                .isDirectoryNotContaining(p -> p.getFileName().toString().equals(Sha256.hex(old)));
        assertThat(indexes.seedForDebootstrap(Sha256.hex(current), empty("next")).names()).containsExactly(PACKAGES);
        assertThat(temp.resolve("next/var/lib/apt/lists/" + PACKAGES)).hasContent(newIndex);
    }

    @Test
    void theTranslationsAptFetchedAreKeptOnlyUnderTheProbedInReleaseAndCopiedBeforeTheNextUpdate() throws IOException {
        String translation = "Package: less\nDescription-en: pager\n";
        byte[] bytes = translation.getBytes(StandardCharsets.UTF_8);
        String release = inRelease("Sat, 15 Nov 2025 09:24:03 UTC", INDEX) + " " + Sha256.hex(bytes) + " " + bytes.length
                + " main/i18n/Translation-en.real\n";
        RootfsFiles updated = bootstrapped("updated", release, INDEX);
        Files.writeString(temp.resolve("updated/var/lib/apt/lists/" + PREFIX + "main_i18n_Translation-en.real"), translation);
        BootstrapIndexes indexes = new BootstrapIndexes(cache());

        assertThat(indexes.keepAfterUpdate(updated, Sha256.hex("another InRelease"))).isEmpty();
        assertThat(indexes.keepAfterUpdate(updated, Sha256.hex(release)))
                .containsExactlyInAnyOrder(PACKAGES, PREFIX + "main_i18n_Translation-en.real");

        RootfsFiles next = bootstrapped("next", release, INDEX);
        assertThat(indexes.seedForUpdate(Sha256.hex(release), next).names()).containsExactly(PREFIX + "main_i18n_Translation-en.real");
        assertThat(temp.resolve("next/var/lib/apt/lists/" + PREFIX + "main_i18n_Translation-en.real")).hasContent(translation);
        assertThat(indexes.seedForDebootstrap(Sha256.hex(release), empty("before-debootstrap")).names()).containsExactly(PACKAGES);
    }

    @Test
    void withoutExactlyOneInReleaseNothingIsKept() throws IOException {
        RootfsFiles rootfs = bootstrapped("first", inRelease("Sat, 15 Nov 2025 09:24:03 UTC", INDEX), INDEX);
        Files.writeString(temp.resolve("first/var/lib/apt/lists/mirror.invalid_debian_dists_trixie-updates_InRelease"), "x");

        assertThat(new BootstrapIndexes(cache()).keep(rootfs)).isEmpty();
        assertThat(new BootstrapIndexes(cache()).keep(empty("nothing"))).isEmpty();
    }
}
