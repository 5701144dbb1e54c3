package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.CitadelHostKey;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.citadel.realmfs.core.engine.SmallTmpfs;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.linux.FilesystemFullException;
import org.citadel.realmfs.core.output.image.header.Metainfo;
import org.citadel.realmfs.core.output.image.verity.VerityParameters;
import org.citadel.realmfs.core.rootfs.TreeDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real ext4 images made by e2fsprogs, turned into RealmFS images, checked with the host's own tools:
 * e2fsck, xz, veritysetup, mount. Needs root and loop devices.
 */
class RealmfsImageIT {
    private static final String DEV_PUBLIC_KEY = "08c79a0eda3de80ac83d3a8bad145fbaeb8a08d50f747f8815a0e4b133b977ed";
    private static final String SALT = "8d1e3c2b4a5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final UUID VERITY_UUID = UUID.fromString("3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c");
    private static final String OWN_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final TreeDigest TREE = new TreeDigest("5e".repeat(32));
    static final Instant EPOCH = Instant.parse("2025-01-01T12:00:00Z");
    static final Ext4Reproducibility FIXED = Ext4Reproducibility.derivedFrom(TREE, EPOCH);
    /** 40 characters: the longest name Citadel accepts. */
    private static final String LONGEST_NAME = "Z" + "9-".repeat(19) + "x";

    @TempDir
    static Path shared;
    static RecordedCommands commands;
    static Path rootfs;
    static Ext4Image ext4;
    static WrittenRealmfsImage compressed;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildRootfsAndImages() throws IOException {
        commands = RecordedCommands.onHost(shared);
        rootfs = RootfsFixture.create(shared.resolve("rootfs"));
        ext4 = ext4Writer().write(rootfs, Ext4Size.fitContent(), FIXED, shared.resolve("rootfs.ext4"));
        compressed = imageWriter().write(ext4.path(), fixed(spec()), shared.resolve("out"));
    }

    @AfterAll
    static void closeTheLog() {
        commands.close();
    }

    @AfterAll
    static void nothingIsLeftMounted() throws IOException {
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(shared.toString());
    }

    @Test
    void the_ext4_image_is_sparse_and_e2fsck_finds_it_clean() {
        HostTool.run("e2fsck", "-fn", ext4.path().toString());

        long allocated = Long.parseLong(HostTool.run("stat", "-c", "%b", ext4.path().toString()).strip()) * 512;
        assertThat(allocated).isLessThan(ext4.sizeBytes());
        assertThat(ext4.sizeBytes()).isGreaterThanOrEqualTo(ext4.requiredBytes() + 64L * 1024 * 1024);
    }

    @Test
    void files_are_named_as_citadel_expects() {
        assertThat(compressed.image().getFileName()).hasToString("citadel-realmfs-dev-042.img");
        assertThat(compressed.hashTree().getFileName()).hasToString("verity-hash-base-042");
        try (Stream<Path> files = Files.list(compressed.image().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("citadel-realmfs-dev-042.img", "verity-hash-base-042");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void the_header_holds_every_field_of_the_format() throws Exception {
        byte[] block = Arrays.copyOf(Files.readAllBytes(compressed.image()), 4096);
        ByteBuffer header = ByteBuffer.wrap(block);
        int length = Short.toUnsignedInt(header.getShort(6));
        String toml = new String(block, 8, length, StandardCharsets.UTF_8);

        assertThat(new String(block, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("SGOS");
        assertThat(block[4]).as("status").isZero();
        assertThat(block[5]).as("flags: data compressed").isEqualTo((byte) 0x04);
        assertThat(toml.lines()).containsExactly(
                "image-type = \"realmfs\"",
                "realmfs-name = \"base\"",
                "channel = \"dev\"",
                "version = 42",
                "timestamp = \"20250101120000\"",
                "nblocks = " + ext4.sizeBytes() / 4096,
                "shasum = \"" + sha256(Files.readAllBytes(ext4.path())) + "\"",
                "verity-salt = \"" + SALT + "\"",
                "verity-root = \"" + compressed.metainfo().verityRoot() + "\"");
        assertThat(Arrays.copyOfRange(block, 8 + length + 64, 4096)).containsOnly(0);
        assertThat(RealmfsImageReader.open(compressed.image()).metainfo()).isEqualTo(compressed.metainfo());
    }

    @Test
    void the_jdk_verifies_the_signature_with_the_published_development_key() throws Exception {
        byte[] block = Arrays.copyOf(Files.readAllBytes(compressed.image()), 4096);
        int length = Short.toUnsignedInt(ByteBuffer.wrap(block).getShort(6));
        byte[] x509 = HexFormat.of().parseHex("302a300506032b6570032100" + DEV_PUBLIC_KEY);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
        verifier.update(block, 8, length);

        assertThat(verifier.verify(Arrays.copyOfRange(block, 8 + length, 8 + length + 64))).isTrue();
        assertThat(compressed.publicKey()).hasValue(VerifyingKey.fromHex(DEV_PUBLIC_KEY));
    }

    @Test
    void the_xz_payload_decompresses_to_a_zero_block_then_the_data() throws IOException {
        Path payload = decompressPayload(compressed.image());

        byte[] bytes = Files.readAllBytes(payload);
        assertThat(Arrays.copyOf(bytes, 4096)).containsOnly(0);
        assertThat(Arrays.copyOfRange(bytes, 4096, bytes.length)).isEqualTo(Files.readAllBytes(ext4.path()));
    }

    @Test
    void veritysetup_agrees_with_the_hash_tree_and_root_hash() throws IOException {
        String root = compressed.metainfo().verityRoot();
        HostTool.run("veritysetup", "verify", ext4.path().toString(), compressed.hashTree().toString(), root);

        Path toolHashes = dir.resolve("tool.hash");
        String printed = HostTool.run("veritysetup", "format", "--salt=" + SALT, "--uuid=" + VERITY_UUID,
                "--data-blocks=" + compressed.metainfo().nblocks(), ext4.path().toString(), toolHashes.toString());
        assertThat(printed).contains("Root hash:      \t" + root);
        assertThat(Files.mismatch(toolHashes, compressed.hashTree())).isEqualTo(-1L);
    }

    @Test
    void the_reader_verifies_a_compressed_image() {
        VerificationReport report = RealmfsImageReader.open(compressed.image())
                .verify(VerifyingKey.fromHex(DEV_PUBLIC_KEY));

        assertThat(report.problems()).isEmpty();
        assertThat(report.signatureValid()).isTrue();
        assertThat(report.leadingBlockZero()).isTrue();
    }

    @Test
    void the_data_inside_the_image_mounts_read_only_and_holds_the_rootfs() throws IOException {
        Path payload = decompressPayload(compressed.image());
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        HostTool.run("mount", "-o", "ro,loop,offset=4096", "-t", "ext4", payload.toString(), mountPoint.toString());
        try {
            RootfsFixture.assertSameTree(rootfs, mountPoint);
        } finally {
            HostTool.run("umount", mountPoint.toString());
        }
    }

    @Test
    void an_uncompressed_image_is_citadels_installed_layout_header_then_data_and_stays_sparse() throws IOException {
        WrittenRealmfsImage image = imageWriter().write(ext4.path(), fixed(spec().compressed(false)), dir);

        byte[] bytes = Files.readAllBytes(image.image());
        assertThat(bytes[5]).as("flags").isZero();
        assertThat((long) bytes.length).isEqualTo((image.metainfo().nblocks() + 1) * 4096);
        assertThat(Arrays.copyOfRange(bytes, 4096, bytes.length)).isEqualTo(Files.readAllBytes(ext4.path()));
        long allocated = Long.parseLong(HostTool.run("stat", "-c", "%b", image.image().toString()).strip()) * 512;
        assertThat(allocated).isLessThan(bytes.length / 2);
        assertThat(RealmfsImageReader.open(image.image()).verify(VerifyingKey.fromHex(DEV_PUBLIC_KEY)).problems())
                .isEmpty();
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        HostTool.run("mount", "-o", "ro,loop,offset=4096", "-t", "ext4", image.image().toString(), mountPoint.toString());
        try {
            RootfsFixture.assertSameTree(rootfs, mountPoint);
        } finally {
            HostTool.run("umount", mountPoint.toString());
        }
    }

    enum Layout { COMPRESSED, UNCOMPRESSED, INSTALLED_FILE }

    enum Signing { DEFAULT, OWN_KEY, UNSIGNED }

    static Stream<Arguments> every_combination() {
        List<Arguments> cases = new ArrayList<>();
        int index = 0;
        for (Layout layout : Layout.values()) {
            for (String channel : List.of("dev", "stable")) {
                for (Signing signing : Signing.values()) {
                    cases.add(Arguments.of(layout, channel, signing, index++ % 2 == 0 ? LONGEST_NAME : "b"));
                }
                cases.add(Arguments.of(layout, channel, channel.equals("dev") ? Signing.DEFAULT : Signing.OWN_KEY,
                        LONGEST_NAME + "x"));
                cases.add(Arguments.of(layout, channel, channel.equals("dev") ? Signing.DEFAULT : Signing.OWN_KEY,
                        "9lives"));
            }
        }
        return cases.stream();
    }

    /**
     * Each combination of layout, channel, signing and name at the limits of Citadel's rule either
     * writes a file the independent check accepts on a host configured as the build said, or is
     * refused when the output is built, before anything is written.
     */
    @ParameterizedTest(name = "{0} {1} {2} name of {3}")
    @MethodSource("every_combination")
    void every_combination_writes_a_file_citadel_accepts_or_is_refused_before_the_build(
            Layout layout, String channel, Signing signing, String name) throws IOException {
        RealmfsImageOutput.Builder output = spec().name(name).channel(channel);
        switch (layout) {
            case COMPRESSED -> output.compressed(true);
            case UNCOMPRESSED -> output.compressed(false);
            case INSTALLED_FILE -> output.installedFile();
        }
        switch (signing) {
            case DEFAULT -> { }
            case OWN_KEY -> output.signingKeyHex(OWN_SEED);
            case UNSIGNED -> output.unsigned();
        }
        Optional<String> refusal = expectedRefusal(channel, signing, name);
        if (refusal.isPresent()) {
            assertThatThrownBy(output::build).isInstanceOf(InvalidRecipeException.class)
                    .hasMessageContaining(refusal.get());
            return;
        }

        WrittenRealmfsImage image = imageWriter().write(ext4.path(), RealmfsImageSpec.of(output.build(), TREE, EPOCH), dir.resolve("out"));

        assertThat(image.image().getFileName()).hasToString(layout == Layout.INSTALLED_FILE ? name + "-realmfs.img"
                : "citadel-realmfs-" + channel + "-042.img");
        List<String> host = image.hostKey().map(CitadelHostKey::osReleaseLines).orElse(List.of());
        assertThat(CitadelImageCheck.problems(image.image(), host, Files.createDirectory(dir.resolve("check"))))
                .isEmpty();
        if (channel.equals("dev")) {
            assertThat(image.hostKey()).isEmpty();
        } else {
            String publicKey = SigningKey.fromHex(OWN_SEED).verifyingKey().hex();
            assertThat(image.hostKey()).contains(new CitadelHostKey("stable", publicKey));
            assertThat(image.hostKey().get().kernelCommandLineArgument()).isEqualTo("citadel.channel=stable:" + publicKey);
            assertThat(CitadelImageCheck.problems(image.image(), List.of(), Files.createDirectory(dir.resolve("bare"))))
                    .as("a host without the channel's key").contains("no public key for the channel 'stable' on this host");
        }
    }

    private static Optional<String> expectedRefusal(String channel, Signing signing, String name) {
        if (name.length() > 40 || !Character.isLetter(name.charAt(0))) {
            return Optional.of("at most 40 characters, an ASCII letter first");
        }
        if (signing == Signing.UNSIGNED) {
            return Optional.of("refuses an unsigned one");
        }
        if (channel.equals("dev") && signing == Signing.OWN_KEY) {
            return Optional.of("development key only");
        }
        if (!channel.equals("dev") && signing == Signing.DEFAULT) {
            return Optional.of("needs a signing key");
        }
        return Optional.empty();
    }

    @Test
    void the_independent_check_refuses_what_citadel_refuses() throws IOException {
        WrittenRealmfsImage image = imageWriter().write(ext4.path(), fixed(spec().compressed(false)), dir.resolve("out"));
        byte[] bytes = Files.readAllBytes(image.image());
        Path withZeroBlock = dir.resolve("zero-block.img");
        try (RandomAccessFile file = new RandomAccessFile(withZeroBlock.toFile(), "rw")) {
            file.write(bytes, 0, 4096);
            file.seek(8192);
            file.write(bytes, 4096, bytes.length - 4096);
        }
        assertThat(CitadelImageCheck.problems(withZeroBlock, List.of(), Files.createDirectory(dir.resolve("a"))))
                .singleElement().asString().contains("is not (nblocks + 1) * 4096");

        try (RandomAccessFile file = new RandomAccessFile(image.image().toFile(), "rw")) {
            file.seek(4096 + 1024);
            file.write(0xff);
            file.seek(100);
            file.write('X');
        }
        assertThat(CitadelImageCheck.problems(image.image(), List.of(), Files.createDirectory(dir.resolve("b"))))
                .anySatisfy(p -> assertThat(p).contains("signature does not verify"))
                .anySatisfy(p -> assertThat(p).contains("sha256 of the data"))
                .anySatisfy(p -> assertThat(p).contains("veritysetup's root hash differs"));
    }

    @Test
    void data_not_a_multiple_of_4096_is_padded_with_zeros_as_citadel_does() throws IOException {
        Path data = randomFile(dir.resolve("odd.img"), 3 * 4096 + 512);
        WrittenRealmfsImage image = imageWriter().write(data, fixed(spec().compressed(false)), dir.resolve("out"));

        Path padded = Files.copy(data, dir.resolve("padded.img"));
        try (RandomAccessFile file = new RandomAccessFile(padded.toFile(), "rw")) {
            file.setLength(4 * 4096);
        }
        assertThat(image.metainfo().nblocks()).isEqualTo(4);
        assertThat(image.metainfo().shasum()).isEqualTo(sha256(Files.readAllBytes(padded)));
        assertVeritysetupAgrees(padded, image);
    }

    @Test
    void a_single_block_of_data_has_its_digest_as_root_hash() throws IOException {
        Path data = randomFile(dir.resolve("one.img"), 4096);
        WrittenRealmfsImage image = imageWriter().write(data, fixed(spec()), dir.resolve("out"));

        assertThat(image.metainfo().nblocks()).isEqualTo(1);
        assertVeritysetupAgrees(data, image);
        assertThat(RealmfsImageReader.open(image.image()).verify(VerifyingKey.fromHex(DEV_PUBLIC_KEY)).isValid())
                .isTrue();
    }

    @Test
    void the_reader_reports_corrupted_data_and_a_foreign_key() throws IOException {
        WrittenRealmfsImage image = imageWriter().write(ext4.path(), fixed(spec().compressed(false)), dir);
        try (RandomAccessFile file = new RandomAccessFile(image.image().toFile(), "rw")) {
            file.seek(8192 + 1024);
            file.write(0xff);
        }

        VerificationReport report = RealmfsImageReader.open(image.image())
                .verify(SigningKey.fromHex("11".repeat(32)).verifyingKey());

        assertThat(report.isValid()).isFalse();
        assertThat(report.problems()).hasSize(3);
        assertThat(report.problems().get(0)).contains("signature does not verify");
        assertThat(report.problems().get(1)).contains("sha256");
        assertThat(report.problems().get(2)).contains("verity root hash");
    }

    @Test
    void a_size_too_small_for_the_content_is_a_clear_error_and_leaves_no_file() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path bigRootfs = Files.createDirectories(dir.resolve("big"));
        randomFile(bigRootfs.resolve("blob"), 15L * 1024 * 1024);

        assertThatThrownBy(() -> ext4Writer().write(bigRootfs, Ext4Size.fixed(16L * 1024 * 1024), FIXED, out.resolve("x.ext4")))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("16 MiB").hasMessageContaining("too small").hasMessageContaining(bigRootfs.toString());
        randomFile(bigRootfs.resolve("blob2"), 4L * 1024 * 1024);
        assertThatThrownBy(() -> ext4Writer().write(bigRootfs, Ext4Size.fixed(16L * 1024 * 1024), FIXED, out.resolve("x.ext4")))
                .isInstanceOf(BuildFailedException.class).hasMessageContaining("too small");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void a_full_output_filesystem_is_named_and_left_empty() throws Exception {
        // The payload copy fits, its xz does not: the compressor's path fails on the full filesystem.
        try (SmallTmpfs small = SmallTmpfs.mount(dir.resolve("small"), "10m")) {
            assertThatThrownBy(() -> imageWriter().write(ext4.path(), fixed(spec()), small.path()))
                    .isInstanceOfSatisfying(FilesystemFullException.class, e -> {
                        assertThat(e.mountPoint()).isEqualTo(small.path());
                        assertThat(e.getMessage()).startsWith("No space left on the filesystem mounted at "
                                + small.path() + " (tmpfs) while writing the RealmFS image " + small.path());
                    });
            assertThat(small.path()).isEmptyDirectory();
        }
    }

    @Test
    void data_not_a_multiple_of_512_is_refused_and_leaves_no_file() throws IOException {
        Path data = randomFile(dir.resolve("bad.img"), 4096 + 100);
        Path out = dir.resolve("out");

        assertThatThrownBy(() -> imageWriter().write(data, fixed(spec()), out))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("multiple of 512");
        assertThat(out).doesNotExist();
    }

    @Test
    void missing_host_tools_are_named_with_their_package_and_leave_no_file() throws IOException {
        HostTools none = new HostTools(List.of(dir));
        Path out = Files.createDirectory(dir.resolve("out"));

        assertThatThrownBy(() -> new RealmfsImageWriter(none, commands.commands())
                .write(ext4.path(), fixed(spec()), out))
                .isInstanceOf(HostRequirementException.class).hasMessageContaining("xz-utils");
        assertThatThrownBy(() -> new Ext4ImageWriter(none, commands.commands())
                .write(rootfs, Ext4Size.fitContent(), FIXED, out.resolve("x.ext4")))
                .isInstanceOf(HostRequirementException.class).hasMessageContaining("e2fsprogs");
        assertThat(out).isEmptyDirectory();
    }

    private void assertVeritysetupAgrees(Path paddedData, WrittenRealmfsImage image) throws IOException {
        Metainfo metainfo = image.metainfo();
        HostTool.run("veritysetup", "verify", "--data-blocks=" + metainfo.nblocks(), paddedData.toString(),
                image.hashTree().toString(), metainfo.verityRoot());
        Path toolHashes = dir.resolve("tool.hash");
        HostTool.run("veritysetup", "format", "--salt=" + SALT, "--uuid=" + VERITY_UUID,
                "--data-blocks=" + metainfo.nblocks(), paddedData.toString(), toolHashes.toString());
        assertThat(Files.mismatch(toolHashes, image.hashTree())).isEqualTo(-1L);
    }

    private Path decompressPayload(Path image) throws IOException {
        Path xz = dir.resolve("payload.xz");
        try (RandomAccessFile in = new RandomAccessFile(image.toFile(), "r")) {
            byte[] rest = new byte[(int) (in.length() - 4096)];
            in.seek(4096);
            in.readFully(rest);
            Files.write(xz, rest);
        }
        HostTool.run("xz", "-d", xz.toString());
        return dir.resolve("payload");
    }

    private static RealmfsImageOutput.Builder spec() {
        return RealmfsImageOutput.builder(Path.of("unused")).version(42).timestamp("20250101120000");
    }

    /** The spec with this test's fixed verity salt and UUID, so veritysetup can be compared byte for byte. */
    private static RealmfsImageSpec fixed(RealmfsImageOutput.Builder output) {
        return RealmfsImageSpec.of(output.build(), TREE, EPOCH)
                .withVerityParameters(VerityParameters.of(HexFormat.of().parseHex(SALT), VERITY_UUID));
    }

    private static Ext4ImageWriter ext4Writer() {
        return new Ext4ImageWriter(commands.commands());
    }

    private static RealmfsImageWriter imageWriter() {
        return new RealmfsImageWriter(commands.commands());
    }

    static Path randomFile(Path file, long bytes) throws IOException {
        byte[] data = new byte[(int) bytes];
        new Random(bytes).nextBytes(data);
        return Files.write(file, data);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A small rootfs with what a real one has: modes, owners, links, an empty dir, a larger file. */
    static final class RootfsFixture {
        static Path create(Path root) throws IOException {
            Files.createDirectories(root.resolve("etc/apt"));
            Files.createDirectories(root.resolve("usr/bin"));
            Files.createDirectories(root.resolve("home/user/empty"));
            Files.writeString(root.resolve("etc/hostname"), "citadel\n");
            Files.writeString(root.resolve("etc/apt/sources.list"), "deb http://deb.example/debian bookworm main\n");
            Path tool = randomFile(root.resolve("usr/bin/tool"), 5 * 1024 * 1024 + 17);
            Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path secret = Files.writeString(root.resolve("home/user/secret"), "s3cret");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            for (Path p : List.of(root.resolve("home/user"), secret)) {
                Files.setAttribute(p, "unix:uid", 1000, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", 1000, LinkOption.NOFOLLOW_LINKS);
            }
            Files.createSymbolicLink(root.resolve("usr/bin/short"), Path.of("tool"));
            Files.createSymbolicLink(root.resolve("usr/bin/long"), Path.of("x".repeat(100)));
            Files.createLink(root.resolve("usr/bin/tool-hardlink"), tool);
            return root;
        }

        static void assertSameTree(Path expected, Path actual) throws IOException {
            List<String> expectedPaths = relativePaths(expected);
            assertThat(relativePaths(actual)).containsExactlyInAnyOrderElementsOf(expectedPaths);
            for (String relative : expectedPaths) {
                Path e = expected.resolve(relative);
                Path a = actual.resolve(relative);
                for (String attribute : List.of("unix:mode", "unix:uid", "unix:gid")) {
                    assertThat(Files.getAttribute(a, attribute, LinkOption.NOFOLLOW_LINKS)).as(attribute + " of " + relative)
                            .isEqualTo(Files.getAttribute(e, attribute, LinkOption.NOFOLLOW_LINKS));
                }
                if (Files.isSymbolicLink(e)) {
                    assertThat(Files.readSymbolicLink(a)).as(relative).isEqualTo(Files.readSymbolicLink(e));
                } else if (Files.isRegularFile(e)) {
                    assertThat(Files.mismatch(a, e)).as(relative).isEqualTo(-1L);
                }
            }
            assertThat(Files.getAttribute(actual.resolve("usr/bin/tool-hardlink"), "unix:ino"))
                    .isEqualTo(Files.getAttribute(actual.resolve("usr/bin/tool"), "unix:ino"));
        }

        private static List<String> relativePaths(Path root) throws IOException {
            try (Stream<Path> walk = Files.walk(root)) {
                List<String> paths = new ArrayList<>();
                walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString())
                        .filter(p -> !p.equals("lost+found")).forEach(paths::add);
                return paths;
            }
        }
    }
}
