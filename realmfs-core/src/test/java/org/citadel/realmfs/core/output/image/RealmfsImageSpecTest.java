package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.junit.jupiter.api.Test;

class RealmfsImageSpecTest {

    @Test
    void names_the_files_as_citadel_expects() {
        RealmfsImageSpec spec = RealmfsImageSpec.builder().channel("stable").version(7).build();

        assertThat(spec.imageFileName()).isEqualTo("citadel-realmfs-stable-007.img");
        assertThat(spec.hashTreeFileName()).isEqualTo("verity-hash-realmfs-007");
    }

    @Test
    void signs_the_dev_channel_with_the_development_key_by_default() {
        assertThat(RealmfsImageSpec.builder().build().signingKey()).hasValueSatisfying(key ->
                assertThat(key.verifyingKey()).isEqualTo(SigningKey.development().verifyingKey()));
    }

    @Test
    void leaves_other_channels_unsigned_unless_given_a_key() {
        assertThat(RealmfsImageSpec.builder().channel("stable").build().signingKey()).isEmpty();
        assertThat(RealmfsImageSpec.builder().unsigned().build().signingKey()).isEmpty();
    }

    @Test
    void formats_an_instant_timestamp_in_utc() {
        RealmfsImageSpec spec = RealmfsImageSpec.builder().timestamp(Instant.parse("2024-01-02T03:04:05Z")).build();

        assertThat(spec.timestamp()).isEqualTo("20240102030405");
    }

    @Test
    void rejects_a_version_out_of_range() {
        assertThatThrownBy(() -> RealmfsImageSpec.builder().version(1000).build())
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("1000").hasMessageContaining("0 to 999");
        assertThatThrownBy(() -> RealmfsImageSpec.builder().version(-1).build())
                .isInstanceOf(InvalidRecipeException.class);
    }

    @Test
    void rejects_a_name_that_is_unsafe_in_a_file_name_or_toml() {
        assertThatThrownBy(() -> RealmfsImageSpec.builder().name("a\"b").build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("realmfs name");
        assertThatThrownBy(() -> RealmfsImageSpec.builder().channel("../x").build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("channel");
    }

    @Test
    void bounds_the_timestamp_so_the_metainfo_always_fits_the_header() {
        assertThat(RealmfsImageSpec.builder().timestamp("t".repeat(64)).build().timestamp()).hasSize(64);

        assertThatThrownBy(() -> RealmfsImageSpec.builder().timestamp("t".repeat(65)).build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("at most 64");
    }
}
