package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.citadel.realmfs.api.CitadelHostKey;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.output.image.verity.VerityParameters;
import org.citadel.realmfs.core.rootfs.TreeDigest;
import org.junit.jupiter.api.Test;

class RealmfsImageSpecTest {
    private static final Path DIR = Path.of("/images");
    private static final String OWN_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RULE = "at most 40 characters, an ASCII letter first, then only ASCII letters,"
            + " digits and '-'";

    private static final TreeDigest TREE = new TreeDigest("5e".repeat(32));
    private static final Instant EPOCH = Instant.parse("2025-06-07T08:09:10Z");

    private static RealmfsImageSpec spec(RealmfsImageOutput output) {
        return RealmfsImageSpec.of(output, TREE, EPOCH);
    }

    private static RealmfsImageOutput.Builder output() {
        return RealmfsImageOutput.builder(DIR);
    }

    @Test
    void names_the_files_as_citadels_tool_does() {
        RealmfsImageSpec spec = spec(output().channel("stable").signingKeyHex(OWN_SEED).version(7).build());

        assertThat(spec.imageFileName()).isEqualTo("citadel-realmfs-stable-007.img");
        assertThat(spec.hashTreeFileName()).isEqualTo("verity-hash-base-007");
    }

    @Test
    void the_installed_file_is_named_as_citadel_looks_for_it_and_is_uncompressed() {
        RealmfsImageOutput installed = output().name("work-tools").installedFile().build();

        assertThat(installed.path()).isEqualTo(DIR.resolve("work-tools-realmfs.img"));
        assertThat(installed.compressed()).isFalse();
        assertThatThrownBy(() -> output().installedFile().compressed(true).build())
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("base-realmfs.img").hasMessageContaining("uncompressed");
    }

    @Test
    void the_default_image_is_named_base_with_one_gib_free() {
        RealmfsImageOutput output = output().build();

        assertThat(output.name()).isEqualTo("base");
        assertThat(output.freeSpaceBytes()).isEqualTo(1L << 30);
        assertThat(output.channel()).isEqualTo("dev");
        assertThat(output.compressed()).isTrue();
    }

    @Test
    void signs_the_dev_channel_with_the_development_key_by_default() {
        assertThat(spec(output().build()).signingKey()).hasValueSatisfying(key ->
                assertThat(key.verifyingKey()).isEqualTo(SigningKey.development().verifyingKey()));
        assertThat(spec(output().signingKeyHex(SigningKey.DEVELOPMENT_SEED.toUpperCase()).build())
                .signingKey()).isPresent();
    }

    @Test
    void signs_with_the_given_key() {
        assertThat(spec(output().channel("stable").signingKeyHex(OWN_SEED).build()).signingKey())
                .hasValueSatisfying(key -> assertThat(key.verifyingKey()).isEqualTo(SigningKey.fromHex(OWN_SEED).verifyingKey()));
    }

    @Test
    void refuses_an_unsigned_image_on_any_channel_because_citadel_always_verifies_a_sealed_image() {
        assertThatThrownBy(() -> output().unsigned().build())
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("refuses an unsigned one").hasMessageContaining("development key");
        assertThatThrownBy(() -> output().channel("stable").unsigned().build())
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("refuses an unsigned one").hasMessageContaining("'stable' channel's signing key");
    }

    @Test
    void refuses_another_channel_without_a_key_and_dev_with_a_key_citadel_does_not_use_for_dev() {
        assertThatThrownBy(() -> output().channel("stable").build())
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("'stable' image needs a signing key");
        assertThatThrownBy(() -> output().signingKeyHex(OWN_SEED).build())
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("development key only");
    }

    @Test
    void accepts_names_at_the_limits_of_citadels_rule() {
        assertThat(output().name("a").build().name()).isEqualTo("a");
        assertThat(output().name("Z" + "9-".repeat(19) + "x").build().name()).hasSize(40);
    }

    @Test
    void refuses_names_citadel_refuses_quoting_the_rule() {
        for (String name : new String[] {"a".repeat(41), "1base", "-base", "my_image", "base.img", "bäse", "", "a b"}) {
            assertThatThrownBy(() -> output().name(name).build()).as(name)
                    .isInstanceOf(InvalidRecipeException.class)
                    .hasMessageContaining("'" + name + "'").hasMessageContaining(RULE);
        }
        assertThatThrownBy(() -> output().name(null).build()).isInstanceOf(InvalidRecipeException.class);
    }

    @Test
    void refuses_a_channel_that_is_unsafe_in_a_file_name_or_toml() {
        assertThatThrownBy(() -> output().channel("../x").build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("channel");
    }

    @Test
    void refuses_sizes_beyond_the_headers_unsigned_32_bit_block_count() {
        long limit = 0xFFFF_FFFFL * 4096;

        assertThat(output().ext4SizeBytes(limit).build().ext4SizeBytes()).hasValue(limit);
        assertThatThrownBy(() -> output().ext4SizeBytes(limit + 1).build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("unsigned 32-bit");
        assertThatThrownBy(() -> output().freeSpaceBytes(limit + 1).build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("unsigned 32-bit");
        assertThatThrownBy(() -> output().freeSpaceBytes(-1).build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("negative");
    }

    @Test
    void the_widest_fields_still_give_metainfo_shorter_than_citadels_limit() {
        RealmfsImageOutput widest = output().name("n".repeat(40)).channel("c".repeat(64)).signingKeyHex(OWN_SEED)
                .timestamp("t".repeat(64)).version(999).build();

        assertThat(spec(widest).timestamp()).hasSize(64);
    }

    @Test
    void formats_an_instant_timestamp_in_utc() {
        RealmfsImageSpec spec = spec(output().timestamp(Instant.parse("2024-01-02T03:04:05Z")).build());

        assertThat(spec.timestamp()).isEqualTo("20240102030405");
    }

    @Test
    void without_a_timestamp_of_its_own_the_image_is_dated_with_the_builds_epoch() {
        assertThat(spec(output().build()).timestamp()).isEqualTo("20250607080910");
    }

    @Test
    void the_verity_salt_and_uuid_follow_from_the_tree_and_the_image_they_are_for() {
        RealmfsImageOutput image = output().version(7).build();
        VerityParameters verity = spec(image).verityParameters();

        assertThat(verity.salt()).hasSize(32);
        assertThat(spec(image).verityParameters().saltHex()).isEqualTo(verity.saltHex());
        assertThat(spec(image).verityParameters().uuid()).isEqualTo(verity.uuid());
        for (RealmfsImageOutput other : List.of(output().version(8).build(), output().name("other").version(7).build(),
                output().channel("stable").signingKeyHex(OWN_SEED).version(7).build())) {
            assertThat(spec(other).verityParameters().saltHex()).as(other.toString()).isNotEqualTo(verity.saltHex());
            assertThat(spec(other).verityParameters().uuid()).as(other.toString()).isNotEqualTo(verity.uuid());
        }
        VerityParameters otherTree = RealmfsImageSpec.of(image, new TreeDigest("a7".repeat(32)), EPOCH)
                .verityParameters();
        assertThat(otherTree.saltHex()).isNotEqualTo(verity.saltHex());
        assertThat(RealmfsImageSpec.of(image, TREE, EPOCH.plusSeconds(1)).verityParameters().saltHex())
                .as("the salt does not depend on the time").isEqualTo(verity.saltHex());
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
    void bounds_the_timestamp_so_the_metainfo_always_fits_the_header() {
        assertThat(spec(output().timestamp("t".repeat(64)).build()).timestamp()).hasSize(64);

        assertThatThrownBy(() -> output().timestamp("t".repeat(65)).build())
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("at most 64");
    }

    @Test
    void a_host_key_gives_the_exact_os_release_lines_and_kernel_argument() {
        String hex = SigningKey.fromHex(OWN_SEED).verifyingKey().hex();
        CitadelHostKey key = new CitadelHostKey("stable", hex);

        assertThat(key.osReleaseLines()).containsExactly("CITADEL_CHANNEL=stable", "CITADEL_IMAGE_PUBKEY=" + hex);
        assertThat(key.kernelCommandLineArgument()).isEqualTo("citadel.channel=stable:" + hex);
        assertThat(key.instructions()).contains("CITADEL_CHANNEL=stable and CITADEL_IMAGE_PUBKEY=" + hex,
                "/etc/os-release", "citadel.channel=stable:" + hex);
    }
}
