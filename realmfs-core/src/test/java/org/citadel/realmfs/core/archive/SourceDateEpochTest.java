package org.citadel.realmfs.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceDateEpochTest {
    private static final Instant RELEASED = Instant.parse("2025-11-15T09:24:03Z");
    private static final ArchiveProbe.ReleaseState RELEASE = new ArchiveProbe.ReleaseState(
            URI.create("http://mirror.invalid/debian"), "trixie", "trixie", "0".repeat(64), Optional.of(RELEASED));

    @Test
    void theBuildOptionComesFirst() {
        BuildOptions options = BuildOptions.builder().sourceDateEpoch(Instant.ofEpochSecond(1000)).build();

        SourceDateEpoch epoch = SourceDateEpoch.resolve(options, Map.of("SOURCE_DATE_EPOCH", "2000"), RELEASE);

        assertThat(epoch).isEqualTo(new SourceDateEpoch(Instant.ofEpochSecond(1000), SourceDateEpoch.Origin.OPTION));
    }

    @Test
    void thenTheEnvironmentVariable() {
        SourceDateEpoch epoch = SourceDateEpoch.resolve(BuildOptions.defaults(), Map.of("SOURCE_DATE_EPOCH", " 2000\n"),
                RELEASE);

        assertThat(epoch.seconds()).isEqualTo(2000);
        assertThat(epoch.origin()).isEqualTo(SourceDateEpoch.Origin.ENVIRONMENT);
    }

    @Test
    void withNeitherTheReleasesDateSoTheSameArchiveStateGivesTheSameTime() {
        SourceDateEpoch epoch = SourceDateEpoch.resolve(BuildOptions.defaults(), Map.of("SOURCE_DATE_EPOCH", ""),
                RELEASE);

        assertThat(epoch).isEqualTo(new SourceDateEpoch(RELEASED, SourceDateEpoch.Origin.RELEASE_DATE));
        assertThat(epoch.toString()).isEqualTo("1763198643 (2025-11-15T09:24:03Z, from the Date of the release's"
                + " InRelease file)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "-5", "1.5", "999999999999999"})
    void aVariableThatIsNoNumberOfSecondsIsRefusedNotIgnored(String value) {
        assertThatThrownBy(() -> SourceDateEpoch.resolve(BuildOptions.defaults(), Map.of("SOURCE_DATE_EPOCH", value),
                RELEASE))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessage("SOURCE_DATE_EPOCH='" + value + "' is not a number of seconds since 1970-01-01 (such as"
                        + " 1735689600); set it to one, or unset it to date the files with the release's InRelease"
                        + " date");
    }

    @Test
    void aReleaseWithoutDateNeedsAnEpochGiven() {
        ArchiveProbe.ReleaseState undated = new ArchiveProbe.ReleaseState(RELEASE.mirror(), "trixie", "trixie",
                "0".repeat(64), Optional.empty());

        assertThatThrownBy(() -> SourceDateEpoch.resolve(BuildOptions.defaults(), Map.of(), undated))
                .isInstanceOf(HostRequirementException.class)
                .hasMessageContaining("The InRelease file of trixie on http://mirror.invalid/debian has no readable"
                        + " Date field")
                .hasMessageContaining("set SOURCE_DATE_EPOCH");
    }

    @Test
    void theOptionTakesWholeSecondsWithinWhatAnImageHeaderCanSay() {
        assertThatThrownBy(() -> BuildOptions.builder().sourceDateEpoch(Instant.ofEpochSecond(1, 5)))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("is not a whole second");
        assertThatThrownBy(() -> BuildOptions.builder().sourceDateEpoch(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(InvalidRecipeException.class);
        assertThat(BuildOptions.builder().sourceDateEpoch(null).build().sourceDateEpoch()).isEmpty();
    }
}
