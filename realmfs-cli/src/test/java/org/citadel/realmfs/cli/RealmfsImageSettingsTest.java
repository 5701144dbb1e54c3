package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RealmfsImageSettingsTest {

    @Test
    void theFileIsNamedByChannelAndThreeDigitVersionAsCitadelExpects() {
        assertThat(new RealmfsImageSettings("dev", 7, Optional.empty(), true).fileName())
                .isEqualTo("citadel-realmfs-dev-007.img");
        assertThat(new RealmfsImageSettings("stable", 1234, Optional.empty(), true).fileName())
                .isEqualTo("citadel-realmfs-stable-1234.img");
    }

    @Test
    void theInstalledFileIsNamedAsCitadelLooksForItAndIsNeverCompressed() {
        RealmfsImageSettings installed = new RealmfsImageSettings("base", "dev", 7, Optional.empty(), true, true,
                OptionalLong.empty());

        assertThat(installed.fileName()).isEqualTo("base-realmfs.img");
        assertThat(installed.compress()).isFalse();
        assertThat(installed.output(Path.of("/work")).path()).isEqualTo(Path.of("/work/base-realmfs.img"));
    }

    @Test
    void aNameMustFollowCitadelsRule() {
        assertThatThrownBy(() -> new RealmfsImageSettings("9lives", "dev", 1, Optional.empty(), true, false,
                OptionalLong.empty()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'9lives'").hasMessageContaining("an ASCII letter first");
    }

    @Test
    void aChannelMustBeLowerCaseLettersDigitsAndDashes() {
        assertThatThrownBy(() -> new RealmfsImageSettings("Dev/1", 1, Optional.empty(), true))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("Channel 'Dev/1'");
    }

    @Test
    void aVersionCannotBeNegative() {
        assertThatThrownBy(() -> new RealmfsImageSettings("dev", -1, Optional.empty(), true))
                .isInstanceOf(UsageException.class)
                .hasMessage("Image version -1 must be zero or more");
    }
}
