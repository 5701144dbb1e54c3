package org.citadel.realmfs.core.output.image.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {
    private static final Metainfo METAINFO = new Metainfo("realmfs", "dev", 7, "20240102030405", 1234,
            "a".repeat(64), "b".repeat(64), "c".repeat(64));

    @Test
    void lays_out_the_block_as_citadel_reads_it() {
        byte[] metainfo = METAINFO.toBytes();
        byte[] signature = new byte[64];
        Arrays.fill(signature, (byte) 0x5a);

        byte[] block = new ImageHeader(0, EnumSet.of(HeaderFlag.DATA_COMPRESSED), metainfo, signature).encode();

        assertThat(block).hasSize(4096);
        assertThat(new String(block, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("SGOS");
        assertThat(block[4]).isEqualTo((byte) 0);
        assertThat(block[5]).isEqualTo((byte) 0x04);
        assertThat(ByteBuffer.wrap(block).getShort(6)).isEqualTo((short) metainfo.length);
        assertThat(Arrays.copyOfRange(block, 8, 8 + metainfo.length)).isEqualTo(metainfo);
        assertThat(Arrays.copyOfRange(block, 8 + metainfo.length, 72 + metainfo.length)).isEqualTo(signature);
        assertThat(Arrays.copyOfRange(block, 72 + metainfo.length, 4096)).containsOnly(0);
    }

    @Test
    void decodes_what_it_encodes() {
        ImageHeader header = ImageHeader.unsigned(Set.of(HeaderFlag.PREFER_BOOT, HeaderFlag.DATA_COMPRESSED),
                METAINFO.toBytes());

        ImageHeader decoded = ImageHeader.decode(header.encode());

        assertThat(decoded.flags()).containsExactlyInAnyOrder(HeaderFlag.PREFER_BOOT, HeaderFlag.DATA_COMPRESSED);
        assertThat(decoded.metainfo()).isEqualTo(METAINFO);
        assertThat(decoded.isSigned()).isFalse();
    }

    @Test
    void metainfo_is_written_in_citadels_key_order() {
        assertThat(METAINFO.toToml()).isEqualTo("""
                image-type = "realmfs"
                realmfs-name = "realmfs"
                channel = "dev"
                version = 7
                timestamp = "20240102030405"
                nblocks = 1234
                shasum = "%s"
                verity-salt = "%s"
                verity-root = "%s"
                """.formatted("a".repeat(64), "b".repeat(64), "c".repeat(64)));
    }

    @Test
    void refuses_a_metainfo_larger_than_the_block() {
        assertThatThrownBy(() -> ImageHeader.unsigned(Set.of(), new byte[4096 - 8 - 64 + 1]))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("4025 bytes").hasMessageContaining("less than 4024");
    }

    @Test
    void metainfo_must_be_strictly_shorter_than_4024_bytes_as_citadel_reads_it() {
        assertThat(ImageHeader.unsigned(Set.of(), new byte[4023]).encode()).hasSize(4096);
        assertThatThrownBy(() -> ImageHeader.unsigned(Set.of(), new byte[4024]))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("4024 bytes");

        byte[] block = ImageHeader.unsigned(Set.of(), new byte[10]).encode();
        ByteBuffer.wrap(block).putShort(6, (short) 4024);
        assertThatThrownBy(() -> ImageHeader.decode(block))
                .isInstanceOf(MalformedImageException.class).hasMessageContaining("4024");
    }

    @Test
    void version_and_nblocks_are_unsigned_32_bit() {
        String largest = METAINFO.toToml().replace("version = 7", "version = 4294967295")
                .replace("nblocks = 1234", "nblocks = 4294967295");
        assertThat(Metainfo.parse(largest).version()).isEqualTo(0xFFFF_FFFFL);
        assertThat(Metainfo.parse(largest).nblocks()).isEqualTo(0xFFFF_FFFFL);

        for (String bad : new String[] {"version = 4294967296", "version = 99999999999999999999"}) {
            assertThatThrownBy(() -> Metainfo.parse(METAINFO.toToml().replace("version = 7", bad))).as(bad)
                    .isInstanceOf(MalformedImageException.class).hasMessageContaining("unsigned 32-bit");
        }
        assertThatThrownBy(() -> Metainfo.parse(METAINFO.toToml().replace("nblocks = 1234", "nblocks = 4294967296")))
                .isInstanceOf(MalformedImageException.class).hasMessageContaining("nblocks");
    }

    @Test
    void refuses_a_file_without_the_magic() {
        assertThatThrownBy(() -> ImageHeader.decode(new byte[4096]))
                .isInstanceOf(MalformedImageException.class)
                .hasMessageContaining("SGOS");
    }

    @Test
    void refuses_metainfo_of_another_image_type() {
        assertThatThrownBy(() -> Metainfo.parse("image-type = \"kernel\"\n"))
                .isInstanceOf(MalformedImageException.class)
                .hasMessageContaining("kernel");
    }
}
