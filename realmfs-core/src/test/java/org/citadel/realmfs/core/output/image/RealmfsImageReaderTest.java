package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.output.image.header.ImageHeader;
import org.citadel.realmfs.core.output.image.header.Metainfo;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uncompressed layouts the reader accepts and refuses, as Citadel does; no host tool is needed. */
class RealmfsImageReaderTest {
    private static final int BLOCK = 4096;
    private static final VerifyingKey DEV = SigningKey.development().verifyingKey();

    @TempDir
    Path dir;
    Path data;
    WrittenRealmfsImage image;

    @BeforeEach
    void writeAnUncompressedImage() throws IOException {
        data = randomFile(dir.resolve("data.ext4"), 5 * BLOCK);
        try (RecordedCommands commands = RecordedCommands.onHost(dir)) {
            image = new RealmfsImageWriter(commands.commands()).write(data, RealmfsImageSpec.of(
                    RealmfsImageOutput.builder(dir).compressed(false).build(), RealmfsImageIT.TREE, RealmfsImageIT.EPOCH),
                    dir.resolve("out"));
        }
    }

    @Test
    void an_uncompressed_image_is_the_installed_layout_header_then_data() throws IOException {
        byte[] bytes = Files.readAllBytes(image.image());

        assertThat(bytes).hasSize((5 + 1) * BLOCK);
        assertThat(bytes[5]).as("flags").isZero();
        assertThat(Arrays.copyOfRange(bytes, BLOCK, bytes.length)).isEqualTo(Files.readAllBytes(data));
        VerificationReport report = RealmfsImageReader.open(image.image()).verify(DEV);
        assertThat(report.problems()).isEmpty();
        assertThat(report.leadingBlockZero()).isFalse();
    }

    @Test
    void refuses_an_uncompressed_image_with_a_zero_block_before_the_data() throws IOException {
        byte[] bytes = Files.readAllBytes(image.image());
        Path withZeroBlock = dir.resolve("zero-block.img");
        byte[] old = new byte[bytes.length + BLOCK];
        System.arraycopy(bytes, 0, old, 0, BLOCK);
        System.arraycopy(bytes, BLOCK, old, 2 * BLOCK, bytes.length - BLOCK);
        Files.write(withZeroBlock, old);

        assertThat(RealmfsImageReader.open(withZeroBlock).verify(DEV).problems()).singleElement().asString()
                .contains("has " + 7 * BLOCK + " bytes", "needs the header then the 5 data blocks, " + 6 * BLOCK,
                        "zero block before the data");
    }

    @Test
    void refuses_an_uncompressed_image_of_the_wrong_size() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.image().toFile(), "rw")) {
            file.setLength(file.length() - 1);
        }

        assertThat(RealmfsImageReader.open(image.image()).verify(DEV).problems()).singleElement().asString()
                .contains("has " + (6 * BLOCK - 1) + " bytes");
    }

    @Test
    void refuses_data_whose_sha256_and_verity_root_differ_from_the_header() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.image().toFile(), "rw")) {
            file.seek(BLOCK + 3 * BLOCK + 7);
            file.write(~file.read());
        }

        assertThat(RealmfsImageReader.open(image.image()).verify(DEV).problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("sha256"))
                .anySatisfy(p -> assertThat(p).contains("verity root hash"));
    }

    @Test
    void refuses_an_unsigned_image_and_a_bad_signature() throws IOException {
        Metainfo metainfo = image.metainfo();
        rewriteHeader(ImageHeader.unsigned(Set.of(), metainfo.toBytes()));
        assertThat(RealmfsImageReader.open(image.image()).verify(DEV).problems()).singleElement().asString()
                .contains("unsigned");

        assertThat(RealmfsImageReader.open(image.image()).verify(SigningKey.fromHex("11".repeat(32)).verifyingKey())
                .problems()).singleElement().asString().contains("unsigned");
        rewriteHeader(ImageHeader.unsigned(Set.of(), metainfo.toBytes())
                .withSignature(SigningKey.fromHex("11".repeat(32)).sign(metainfo.toBytes())));
        assertThat(RealmfsImageReader.open(image.image()).verify(DEV).problems()).singleElement().asString()
                .contains("signature does not verify with the public key " + DEV.hex());
    }

    @Test
    void refuses_a_name_citadel_refuses_even_when_signed() throws IOException {
        Metainfo m = image.metainfo();
        Metainfo renamed = new Metainfo("1" + "x".repeat(40), m.channel(), m.version(), m.timestamp(), m.nblocks(),
                m.shasum(), m.veritySalt(), m.verityRoot());
        rewriteHeader(ImageHeader.unsigned(Set.of(), renamed.toBytes())
                .withSignature(SigningKey.development().sign(renamed.toBytes())));

        assertThat(RealmfsImageReader.open(image.image()).verify(DEV).problems()).singleElement().asString()
                .contains("realmfs-name '1xxxx", "at most 40 characters, an ASCII letter first");
    }

    private void rewriteHeader(ImageHeader header) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.image().toFile(), "rw")) {
            file.write(header.encode());
        }
    }

    private static Path randomFile(Path file, int bytes) throws IOException {
        byte[] content = new byte[bytes];
        new Random(bytes).nextBytes(content);
        return Files.write(file, content);
    }
}
