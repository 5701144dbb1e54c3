package org.citadel.realmfs.core.output.image.verity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.core.output.image.HostTool;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java hash tree against {@code veritysetup} from cryptsetup-bin, on tree shapes that matter. */
class VerityHashTreeIT {
    private static final String SALT = "5be8c6f8bd5e1ee1a3b32a3d2c3b2ea14fe0a7d1b5a9bba61a8d58e4b2e0c1a7";
    private static final UUID UUID_ = UUID.fromString("0f9d3c1e-7a44-4b0b-9a3d-1c2e5f6a7b8c");

    @TempDir
    Path dir;

    /** 1: no levels; 128: one full level-0 block; 129: two levels; 16385: three levels. */
    @ParameterizedTest(name = "{0} data blocks")
    @ValueSource(longs = {1, 2, 128, 129, 1000, 1025, 128 * 128, 128 * 128 + 1})
    void hash_file_and_root_hash_are_byte_identical_to_veritysetup_format(long blocks) throws IOException {
        Path data = randomData(blocks * 4096);

        VerityResult result = hashedAsVeritysetupHashesIt(data);

        assertThat(result.salt()).isEqualTo(SALT);
        assertThat(result.dataBlocks()).isEqualTo(blocks);
    }

    @ParameterizedTest(name = "{0} data blocks")
    @ValueSource(longs = {1, 129, 128 * 128 + 1})
    void veritysetup_verify_accepts_the_java_hash_file_and_root_hash(long blocks) throws IOException {
        Path data = randomData(blocks * 4096);
        Path hashes = dir.resolve("java.hash");

        byte[] salt = new byte[VerityParameters.DEFAULT_SALT_BYTES];
        new Random(blocks).nextBytes(salt);
        VerityParameters parameters = VerityParameters.of(salt, UUID.nameUUIDFromBytes(salt));
        VerityResult result = VerityHashTree.withThreads(3).compute(data, parameters, hashes);

        HostTool.run("veritysetup", "verify", data.toString(), hashes.toString(), result.rootHash());
    }

    /** Most blocks of an ext4 image are zeros: their digest is computed once, and must be the one veritysetup gives. */
    @ParameterizedTest(name = "{0} data blocks")
    @ValueSource(longs = {1, 129, 128 * 128 + 1})
    void data_that_is_mostly_zero_blocks_hashes_as_veritysetup_hashes_it(long blocks) throws IOException {
        Path data = randomData(blocks * 4096);
        try (var file = new java.io.RandomAccessFile(data.toFile(), "rw")) {
            byte[] zeros = new byte[4096];
            for (long block = 0; block < blocks; block++) {
                if (block % 5 != 3) { // blocks 3, 8, 13... keep their data; the only block when blocks is 1 is zero
                    file.seek(block * 4096);
                    file.write(zeros);
                }
            }
        }

        hashedAsVeritysetupHashesIt(data);
    }

    /** Asserts that the Java tree of {@code data} has veritysetup format's root hash and hash file. */
    private VerityResult hashedAsVeritysetupHashesIt(Path data) throws IOException {
        Path javaHashes = dir.resolve("java.hash");
        Path toolHashes = dir.resolve("tool.hash");

        VerityResult result = VerityHashTree.create().compute(data,
                VerityParameters.of(HexFormat.of().parseHex(SALT), UUID_), javaHashes);

        String printed = HostTool.run("veritysetup", "format", "--salt=" + SALT, "--uuid=" + UUID_,
                data.toString(), toolHashes.toString());
        assertThat(result.rootHash()).isEqualTo(rootHashIn(printed));
        assertThat(Files.size(javaHashes)).isEqualTo(result.hashFileBytes()).isEqualTo(Files.size(toolHashes));
        assertThat(Files.mismatch(javaHashes, toolHashes)).isEqualTo(-1L);
        return result;
    }

    private Path randomData(long bytes) throws IOException {
        Path file = dir.resolve("data-" + bytes);
        Random random = new Random(bytes);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - written));
            }
        }
        return file;
    }

    static String rootHashIn(String veritysetupOutput) {
        Matcher matcher = Pattern.compile("Root hash:\\s+([0-9a-f]{64})").matcher(veritysetupOutput);
        assertThat(matcher.find()).as("root hash in:%n%s", veritysetupOutput).isTrue();
        return matcher.group(1);
    }
}
