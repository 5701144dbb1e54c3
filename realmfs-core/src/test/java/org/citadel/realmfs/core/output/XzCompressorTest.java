package org.citadel.realmfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** xz's options fix its output bytes: the same on one core as on many. */
class XzCompressorTest {

    @Test
    void oneCoreStillRunsTheMultiThreadedModeAndTheBlockSizeIsGiven() {
        assertThat(XzCompressor.arguments("/usr/bin/xz", 1))
                .containsExactly("/usr/bin/xz", "--threads=2", "--block-size=25165824", "-6", "--stdout");
    }

    @Test
    void manyCoresGetAThreadEach() {
        assertThat(XzCompressor.arguments("xz", 8)).contains("--threads=8", "--block-size=25165824");
    }
}
