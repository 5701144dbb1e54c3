package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void secondsUnderAMinuteShowATenth() {
        assertThat(Durations.format(Duration.ofMillis(4_250))).isEqualTo("4.3 s");
    }

    @Test
    void minutesShowSeconds() {
        assertThat(Durations.format(Duration.ofSeconds(187))).isEqualTo("3 min 07 s");
    }

    @Test
    void hoursShowMinutes() {
        assertThat(Durations.format(Duration.ofMinutes(62))).isEqualTo("1 h 02 min");
    }
}
