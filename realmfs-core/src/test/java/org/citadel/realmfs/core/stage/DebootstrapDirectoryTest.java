package org.citadel.realmfs.core.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.core.io.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * debootstrap's package-index queries answered from the package cache: the host's own functions, with
 * {@code pkgdetails_perl} wrapped, run by {@code sh} as debootstrap runs them.
 */
class DebootstrapDirectoryTest {
    private static final String LISTS_PREFIX = "mirror.invalid_debian_dists_trixie_";
    private static final String INDEX = """
            Package: a
            Version: 1
            Architecture: amd64
            Depends: b (>= 2), c | d
            Priority: required
            Filename: pool/main/a/a_1_amd64.deb
            Size: 10
            SHA256: %s

            Package: b
            Version: 2
            Architecture: amd64
            Pre-Depends: libc6:any
            Priority: required
            Filename: pool/main/b/b_2_amd64.deb
            Size: 20
            SHA256: %s

            """.formatted("1".repeat(64), "2".repeat(64));

    @TempDir
    Path temp;

    record Answer(String output, int exitCode) {
    }

    private Path lists() throws IOException {
        return Files.createDirectories(temp.resolve("rootfs/var/lib/apt/lists"));
    }

    private Path index(String content) throws IOException {
        Files.writeString(lists().resolve(LISTS_PREFIX + "InRelease"), "Codename: trixie\n");
        Path index = lists().resolve(LISTS_PREFIX + "main_binary-amd64_Packages");
        Files.writeString(index, content);
        return index;
    }

    private static void assumeHostDebootstrap() {
        assumeTrue(Files.isRegularFile(DebootstrapDirectory.HOST.resolve("functions")), "debootstrap is not installed");
    }

    /** Sources {@code functions} as debootstrap does (sh, set -e) and asks {@code $PKGDETAILS} one query. */
    private static Answer ask(Path debootstrapDir, String... query) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "set -e; . \"$DEBOOTSTRAP_DIR/functions\";"
                + " export DEBOOTSTRAP_CHECKSUM_FIELD=SHA256; \"$PKGDETAILS\" \"$@\"", "sh"));
        argv.addAll(List.of(query));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().put("DEBOOTSTRAP_DIR", debootstrapDir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Answer(output, process.waitFor());
    }

    @Test
    void theHostsFunctionIsRenamedOnceAndTheMemoizingOneAppended() {
        String host = "x=1\nif in_path perl; then\n\tpkgdetails_perl () {\n\t\techo original\n\t}\nfi\n";

        String copy = DebootstrapDirectory.memoizing(host, Path.of("/cache/it's/.indexes")).orElseThrow();

        assertThat(copy).startsWith("x=1\nif in_path perl; then\n\trealmfs_pkgdetails_perl () {\n\t\techo original\n\t}\nfi\n");
        assertThat(copy).contains("REALMFS_INDEXES='/cache/it'\\''s/.indexes'\n", "\npkgdetails_perl () {\n");
    }

    @Test
    void functionsThatDoNotDefineItExactlyOnceAreNotUsed() {
        assertThat(DebootstrapDirectory.memoizing("pkgdetails=/usr/lib/debootstrap/pkgdetails\n", Path.of("/c"))).isEmpty();
        assertThat(DebootstrapDirectory.memoizing("pkgdetails_perl () {\n}\npkgdetails_perl () {\n}\n", Path.of("/c"))).isEmpty();
    }

    @Test
    void aQueryAskedAgainOfTheSameIndexIsAnsweredFromTheCacheWithTheHostsAnswer() throws Exception {
        assumeHostDebootstrap();
        Path index = index(INDEX);
        Path indexes = temp.resolve("package-cache/.indexes");
        Answer host = ask(DebootstrapDirectory.HOST, "PKGS", "http://mirror.invalid/debian", index.toString(), "a", "b", "z");
        try (DebootstrapDirectory directory = DebootstrapDirectory.create(DebootstrapDirectory.HOST, indexes,
                temp.resolve("debootstrap-directory"))) {
            Path dir = directory.path().orElseThrow();

            Answer first = ask(dir, "PKGS", "http://mirror.invalid/debian", index.toString(), "a", "b", "z");
            // same size, other content: only an answer kept from the first query can still name package a
            Files.writeString(index, INDEX.replace("Package: a", "Package: q"));
            Answer again = ask(dir, "PKGS", "http://mirror.invalid/debian", index.toString(), "a", "b", "z");

            assertThat(host.exitCode()).isZero();
            assertThat(host.output()).contains("a 1 amd64 http://mirror.invalid/debian pool/main/a/a_1_amd64.deb", "z -");
            assertThat(first).isEqualTo(host);
            assertThat(again).isEqualTo(host);
            assertThat(directory.answers()).isEqualTo(new DebootstrapDirectory.Answers(1, 1));
            String state = Sha256.hex("Codename: trixie\n");
            assertThat(Files.list(indexes.resolve(state + "/pkgdetails")).toList()).singleElement()
                    .satisfies(file -> assertThat(file).hasContent(host.output()));
        }
    }

    @Test
    void anotherQueryOrAnotherArchiveStateIsAskedOfTheIndexItself() throws Exception {
        assumeHostDebootstrap();
        Path index = index(INDEX);
        try (DebootstrapDirectory directory = DebootstrapDirectory.create(DebootstrapDirectory.HOST,
                temp.resolve("package-cache/.indexes"), temp.resolve("debootstrap-directory"))) {
            Path dir = directory.path().orElseThrow();
            ask(dir, "GETDEPS", index.toString(), "a");
            Files.writeString(index, INDEX.replace("Package: a", "Package: q"));

            assertThat(ask(dir, "GETDEPS", index.toString(), "b").output()).isEqualTo("libc6\n");
            Files.writeString(lists().resolve(LISTS_PREFIX + "InRelease"), "Codename: trixie\nDate: later\n");
            assertThat(ask(dir, "GETDEPS", index.toString(), "a").output()).isEmpty();
        }
    }

    @Test
    void debootstrapsChildrenDoNotSeeTheDirectoryAndClosingRemovesIt() throws Exception {
        assumeHostDebootstrap();
        Path dir;
        try (DebootstrapDirectory directory = DebootstrapDirectory.create(DebootstrapDirectory.HOST,
                temp.resolve("package-cache/.indexes"), temp.resolve("debootstrap-directory"))) {
            dir = directory.path().orElseThrow();
            assertThat(directory.environment()).containsEntry("DEBOOTSTRAP_DIR", dir.toString());
            assertThat(dir.resolve("scripts")).isSymbolicLink();
            ProcessBuilder child = new ProcessBuilder("sh", "-c", ". \"$DEBOOTSTRAP_DIR/functions\";"
                    + " echo \"$DEBOOTSTRAP_DIR\"; sh -c 'echo \"${DEBOOTSTRAP_DIR-unset}\"'").redirectErrorStream(true);
            child.environment().put("DEBOOTSTRAP_DIR", dir.toString());
            Process process = child.start();

            assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(dir + "\nunset\n");
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void whatAKilledBuildLeftAtTheDirectoryIsReplaced() throws Exception {
        assumeHostDebootstrap();
        Path left = Files.createDirectories(temp.resolve("debootstrap-directory"));
        Files.writeString(left.resolve("functions"), "left by a killed build\n");
        Files.writeString(left.resolve("queries"), "cached\n");

        try (DebootstrapDirectory directory = DebootstrapDirectory.create(DebootstrapDirectory.HOST,
                temp.resolve("package-cache/.indexes"), left)) {
            assertThat(directory.path()).hasValue(left);
            assertThat(left.resolve("functions")).content().contains("realmfs_pkgdetails_perl () {");
            assertThat(directory.answers()).isEqualTo(new DebootstrapDirectory.Answers(0, 0));
        }
        assertThat(left).doesNotExist();
    }
}
