package org.citadel.realmfs.core.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitStatusTest {
    @Test
    void aProcessThatExitedReportsItsExitCode() {
        assertThat(WaitStatus.exitCode(0)).isZero();
        assertThat(WaitStatus.exitCode(42 << 8)).isEqualTo(42);
    }

    @Test
    void aProcessASignalKilledReports128PlusTheSignalLikeAShell() {
        assertThat(WaitStatus.exitCode(9)).isEqualTo(137);
        assertThat(WaitStatus.exitCode(15 | 0x80)).as("with a core dump").isEqualTo(143);
    }
}
