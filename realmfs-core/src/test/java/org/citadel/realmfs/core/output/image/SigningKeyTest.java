package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
    /** RFC 8032, section 7.1, test 1 (empty message). */
    private static final String RFC_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    @Test
    void derives_the_public_key_of_a_seed() {
        assertThat(SigningKey.fromHex(RFC_SEED).verifyingKey().hex()).isEqualTo(RFC_PUBLIC);
    }

    @Test
    void signs_as_rfc_8032_says() {
        byte[] signature = SigningKey.fromHex(RFC_SEED).sign(new byte[0]);

        assertThat(HexFormat.of().formatHex(signature)).isEqualTo(RFC_SIGNATURE);
        assertThat(VerifyingKey.fromHex(RFC_PUBLIC).verify(new byte[0], signature)).isTrue();
        assertThat(VerifyingKey.fromHex(RFC_PUBLIC).verify(new byte[] {1}, signature)).isFalse();
    }

    @Test
    void reads_a_seed_from_a_key_file_with_a_trailing_newline(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), RFC_SEED + "\n");

        assertThat(SigningKey.fromFile(file).verifyingKey().hex()).isEqualTo(RFC_PUBLIC);
    }

    @Test
    void the_development_key_is_citadels_published_seed() {
        SigningKey key = SigningKey.development();

        assertThat(key.verifyingKey()).isEqualTo(SigningKey.fromHex(SigningKey.DEVELOPMENT_SEED).verifyingKey());
        assertThat(key.verifyingKey().verify("x".getBytes(), key.sign("x".getBytes()))).isTrue();
    }

    @Test
    void rejects_a_seed_of_the_wrong_length() {
        assertThatThrownBy(() -> SigningKey.fromHex(RFC_SEED.substring(2)))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("31 bytes").hasMessageContaining("64 hex digits");
    }

    @Test
    void rejects_a_seed_that_is_not_hex() {
        assertThatThrownBy(() -> SigningKey.fromHex("zz" + RFC_SEED.substring(2)))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("is not hex");
    }

    @Test
    void rejects_a_missing_key_file(@TempDir Path dir) {
        assertThatThrownBy(() -> SigningKey.fromFile(dir.resolve("absent")))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void never_shows_the_seed() {
        assertThat(SigningKey.fromHex(RFC_SEED).toString()).doesNotContain(RFC_SEED).contains(RFC_PUBLIC);
    }
}
