package org.citadel.realmfs.core.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RootfsSpaceTest {
    private static final List<String> APT = List.of(
            "0 upgraded, 6 newly installed, 0 to remove and 0 not upgraded.",
            "Need to get 7550 kB/9499 kB of archives.",
            "After this operation, 45.9 MB of additional disk space will be used.",
            "E: You don't have enough free space in /var/cache/apt/archives/.");

    @Test
    void aptsOwnSizesAreReadInItsDecimalUnits() {
        assertThat(RootfsSpace.aptSize(APT, RootfsSpace.APT_DOWNLOAD)).hasValue(7_550_000);
        assertThat(RootfsSpace.aptSize(APT, RootfsSpace.APT_UNPACKED)).hasValue(45_900_000);
        assertThat(RootfsSpace.aptSize(List.of("Need to get 1,234 kB of archives."), RootfsSpace.APT_DOWNLOAD))
                .hasValue(1_234_000);
        assertThat(RootfsSpace.aptSize(List.of("E: Couldn't download"), RootfsSpace.APT_DOWNLOAD)).isEmpty();
    }
}
