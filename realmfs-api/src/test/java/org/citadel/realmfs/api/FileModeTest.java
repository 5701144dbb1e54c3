package org.citadel.realmfs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileModeTest {

    @Test
    void aModeIsShownInOctalWithALeadingZeroAsChmodTakesIt() {
        assertThat(FileMode.of(0644)).hasToString("0644");
        assertThat(FileMode.of(0755)).hasToString("0755");
        assertThat(FileMode.of(04755)).hasToString("04755");
        assertThat(FileMode.of(0)).hasToString("0000");
        assertThat(FileMode.of(07777)).hasToString("07777");
    }

    @Test
    void itKeepsItsBitsAndEqualsAModeOfTheSameBits() {
        assertThat(FileMode.of(0640).bits()).isEqualTo(0640).isEqualTo(416);
        assertThat(FileMode.of(0640)).isEqualTo(FileMode.of(416)).hasSameHashCodeAs(FileMode.of(0640))
                .isNotEqualTo(FileMode.of(0644));
    }

    @Test
    void bitsBeyondPermissionsSetuidSetgidAndStickyAreRefused() {
        assertThatThrownBy(() -> FileMode.of(010000))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageStartingWith("010000 is not a file mode").hasMessageContaining("0644");
        assertThatThrownBy(() -> FileMode.of(-1))
                .isInstanceOf(InvalidRecipeException.class).hasMessageStartingWith("-1 is not a file mode");
        // 644 in decimal is 01204: a valid mode, though likely not the one meant; only the range is checked.
        assertThat(FileMode.of(644)).hasToString("01204");
    }
}
