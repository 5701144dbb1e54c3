package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.rootfs.TreeDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ext4 writer asks of e2fsprogs, exactly (the real images: {@code ReproducibleExt4IT}). */
class Ext4ImageWriterTest {
    private static final UUID UUID_ = UUID.fromString("0b1e4a2c-1111-4222-8333-444455556666");
    private static final UUID SEED = UUID.fromString("7a1c2d3e-1111-4222-8333-444455556666");
    private static final Ext4Reproducibility FIXED = new Ext4Reproducibility(UUID_, SEED,
            Instant.ofEpochSecond(1_700_000_000));

    @TempDir
    Path dir;

    @Test
    void mkfs_gets_the_original_builders_options_the_fixed_uuid_hash_seed_and_clock_and_the_c_locale() {
        Command mkfs = Ext4ImageWriter.mkfsCommand(Path.of("/work/rootfs"), Path.of("/out/.x.ext4.partial"),
                64L * 1024 * 1024, FIXED, Path.of("/out/.x.ext4.partial.mke2fs.conf"));

        assertThat(mkfs.argv()).containsExactly("mkfs.ext4", "-d", "/work/rootfs", "-i", "4096", "-b", "4096",
                "-I", "256", "-U", "0b1e4a2c-1111-4222-8333-444455556666",
                "-E", "hash_seed=7a1c2d3e-1111-4222-8333-444455556666", "-F", "/out/.x.ext4.partial", "16384");
        assertThat(mkfs.environment()).containsEntry("LC_ALL", "C").containsEntry("E2FSPROGS_FAKE_TIME", "1700000000")
                .containsEntry("MKE2FS_CONFIG", "/out/.x.ext4.partial.mke2fs.conf");
        assertThat(mkfs.root()).isEmpty();
    }

    @Test
    void the_images_mke2fs_settings_are_the_builders_own_not_the_hosts() {
        String config = org.citadel.realmfs.core.io.ClasspathResource.text(Ext4ImageWriter.class,
                Ext4ImageWriter.MKE2FS_CONFIG);

        assertThat(config).contains("features = has_journal,extent,huge_file,flex_bg,metadata_csum,64bit,dir_nlink,"
                + "extra_isize").contains("default_mntopts = acl,user_xattr").contains("inode_size = 256");
    }

    @Test
    void debugfs_sets_atime_ctime_and_crtime_of_every_used_inode_and_nothing_else() throws IOException {
        BitSet used = new BitSet();
        used.set(1, 3);
        used.set(12);
        Path script = dir.resolve("script");

        Ext4Debugfs.writeScript(script, Ext4Debugfs.inodeTimeCommands(used, 1_700_000_000));
        Command debugfs = Ext4Debugfs.command(Path.of("/usr/sbin/debugfs"), script, Path.of("/out/x.ext4"),
                1_700_000_000);

        assertThat(Files.readAllLines(script)).containsExactly(
                "sif <1> atime @1700000000", "sif <1> ctime @1700000000", "sif <1> crtime @1700000000",
                "sif <2> atime @1700000000", "sif <2> ctime @1700000000", "sif <2> crtime @1700000000",
                "sif <12> atime @1700000000", "sif <12> ctime @1700000000", "sif <12> crtime @1700000000");
        assertThat(debugfs.argv()).containsExactly("/usr/sbin/debugfs", "-w", "-f", script.toString(), "/out/x.ext4");
        assertThat(debugfs.environment()).containsEntry("E2FSPROGS_FAKE_TIME", "1700000000");
        assertThat(debugfs.stdout()).hasValue(Path.of("/dev/null"));
    }

    @Test
    void extended_attributes_are_removed_then_set_again_in_name_order_quoted_and_escaped_for_debugfs() {
        SortedMap<String, byte[]> attributes = new TreeMap<>(Map.of(
                "user.b", "2".getBytes(StandardCharsets.US_ASCII),
                "security.capability", new byte[] {1, 0, 0, 2, (byte) 0xff},
                "user.empty", new byte[0]));

        assertThat(Ext4XattrOrder.commandsFor("/usr/bin/a \"quoted\" name", attributes)).containsExactly(
                "ea_rm \"/usr/bin/a \"\"quoted\"\" name\" \"security.capability\" \"user.b\" \"user.empty\"",
                "ea_set \"/usr/bin/a \"\"quoted\"\" name\" \"security.capability\" \\x01\\x00\\x00\\x02\\xff",
                "ea_set \"/usr/bin/a \"\"quoted\"\" name\" \"user.b\" \\x32",
                "ea_set -f /dev/null \"/usr/bin/a \"\"quoted\"\" name\" \"user.empty\"");
    }

    @Test
    void the_uuid_and_hash_seed_are_named_after_the_tree_and_differ_from_each_other() {
        TreeDigest tree = new TreeDigest("5e".repeat(32));
        Ext4Reproducibility fixed = Ext4Reproducibility.derivedFrom(tree, Instant.parse("2025-01-01T00:00:00.75Z"));

        assertThat(fixed.uuid()).isEqualTo(tree.nameBasedUuid("ext4 uuid"));
        assertThat(fixed.hashSeed()).isEqualTo(tree.nameBasedUuid("ext4 hash seed")).isNotEqualTo(fixed.uuid());
        assertThat(fixed.epochSeconds()).as("whole seconds").isEqualTo(Instant.parse("2025-01-01T00:00:00Z").getEpochSecond());
        assertThat(Ext4Reproducibility.derivedFrom(new TreeDigest("5f".repeat(32)), fixed.time()).uuid())
                .isNotEqualTo(fixed.uuid());
    }

    @Test
    void the_epoch_itself_becomes_its_first_second_since_libext2fs_reads_a_fake_time_of_0_as_none() {
        assertThat(Ext4Reproducibility.derivedFrom(new TreeDigest("5e".repeat(32)), Instant.EPOCH).epochSeconds())
                .isEqualTo(1);
        assertThatThrownBy(() -> new Ext4Reproducibility(UUID_, SEED, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1970-01-01T00:00:01Z");
    }
}
