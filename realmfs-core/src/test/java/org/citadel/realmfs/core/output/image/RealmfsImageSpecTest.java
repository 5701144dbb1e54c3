package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.junit.jupiter.api.Test;

class RealmfsImageSpecTest {
    private static final Path DIR = Path.of("/images");

    private static RealmfsImageOutput.Builder output() {
        return RealmfsImageOutput.builder(DIR);
    }

    @Test
    void names_the_files_as_citadel_expects() {
        RealmfsImageSpec spec = RealmfsImageSpec.of(output().channel("stable").version(7).build());

        assertThat(spec.imageFileName()).isEqualTo("citadel-realmfs-stable-007.img");
        assertThat(spec.hashTreeFileName()).isEqualTo("verity-hash-realmfs-007");
    }

    @Test
    void signs_the_dev_channel_with_the_development_key_by_default() {
        assertThat(RealmfsImageSpec.of(output().build()).signingKey()).hasValueSatisfying(key ->
                assertThat(key.verifyingKey()).isEqualTo(SigningKey.development().verifyingKey()));
    }

    @Test
    void signs_with_the_given_key() {
        String seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

        assertThat(RealmfsImageSpec.of(output().channel("stable").signingKeyHex(seed).build()).signingKey())
                .hasValueSatisfying(key -> assertThat(key.verifyingKey()).isEqualTo(SigningKey.fromHex(seed).verifyingKey()));
    }

    @Test
    void leaves_other_channels_unsigned_unless_given_a_key() {
        assertThat(RealmfsImageSpec.of(output().channel("stable").build()).signingKey()).isEmpty();
        assertThat(RealmfsImageSpec.of(output().unsigned().build()).signingKey()).isEmpty();
    }

    @Test
    void formats_an_instant_timestamp_in_utc() {
        RealmfsImageSpec spec = RealmfsImageSpec.of(output().timestamp(Instant.parse("2024-01-02T03:04:05Z")).build());

        assertThat(spec.timestamp()).isEqualTo("20240102030405");
    }

    @Test
    void rejects_a_version_out_of_range() {
        assertThatThrownBy(() -> output().version(1000).build())
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("1000").hasMessageContaining("0 to 999");
        assertThatThrownBy(() -> output().version(-1).build())
                .isInstanceOf(InvalidRecipeException.class);
    }

    @Test
    void rejects_a_name_that_is_unsafe_in_a_file_name_or_toml() {
        assertThatThrownBy(() -> output().name("a\"b").build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("realmfs name");
        assertThatThrownBy(() -> output().channel("../x").build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("channel");
    }

    @Test
    void bounds_the_timestamp_so_the_metainfo_always_fits_the_header() {
        assertThat(RealmfsImageSpec.of(output().timestamp("t".repeat(64)).build()).timestamp()).hasSize(64);

        assertThatThrownBy(() -> output().timestamp("t".repeat(65)).build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("at most 64");
    }
}
