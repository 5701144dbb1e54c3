package org.citadel.realmfs.core.output.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PaxRecordsTest {

    @Test
    void aRecordStartsWithItsOwnLengthInBytes() {
        byte[] encoded = new PaxRecords().add("path", "./etc/passwd").toByteArray();

        assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo("21 path=./etc/passwd\n");
    }

    @Test
    void theLengthCountsTheDigitThatItsOwnLengthAdds() {
        // " k=" + 94 bytes + "\n" is 98 bytes: with 2 digits 100, which needs 3 digits: 101.
        String value = "v".repeat(94);

        byte[] encoded = new PaxRecords().add("k", value).toByteArray();

        assertThat(encoded).hasSize(101);
        assertThat(new String(encoded, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("101 ");
    }

    @Test
    void binaryValuesOfExtendedAttributesSurviveUnchanged() {
        byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] newline = {'\n', '=', 0, (byte) 0xff};

        byte[] encoded = new PaxRecords()
                .add("SCHILY.xattr.security.capability", capability)
                .add("SCHILY.xattr.user.odd", newline)
                .toByteArray();
        Map<String, byte[]> decoded = PaxRecords.decode(encoded);

        assertThat(decoded.keySet()).containsExactly("SCHILY.xattr.security.capability", "SCHILY.xattr.user.odd");
        assertThat(decoded.get("SCHILY.xattr.security.capability")).isEqualTo(capability);
        assertThat(decoded.get("SCHILY.xattr.user.odd")).isEqualTo(newline);
    }

    @Test
    void aRecordWhoseLengthOverrunsTheHeaderIsRejected() {
        byte[] damaged = "99 path=x\n".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> PaxRecords.decode(damaged))
                .isInstanceOf(RootfsTarException.class)
                .hasMessageContaining("Malformed pax extended header record at byte 0");
    }
}
