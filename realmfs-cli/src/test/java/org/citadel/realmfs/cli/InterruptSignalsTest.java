package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.citadel.realmfs.api.BuildCancellation;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Real signals raised in this JVM: SIGHUP only, whose handlers are restored after each test. */
class InterruptSignalsTest {
    private static final Signal HUP = new Signal("HUP");

    @Test
    void aSignalDuringTheBuildCancelsItAndGivesTheShellsExitCode() throws InterruptedException {
        BuildCancellation cancellation = new BuildCancellation();
        CountDownLatch cancelled = new CountDownLatch(1);
        cancellation.onCancel(cancelled::countDown);
        try (InterruptSignals signals = InterruptSignals.cancelling(cancellation)) {
            assertThat(signals.exitCode()).isEmpty();

            Signal.raise(HUP);

            assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cancellation.reason()).contains("SIGHUP");
            assertThat(signals.exitCode()).hasValue(128 + 1);
        }
    }

    @Test
    void closingGivesTheSignalsBackToTheirFormerHandlers() throws InterruptedException {
        CountDownLatch former = new CountDownLatch(1);
        SignalHandler original = Signal.handle(HUP, signal -> former.countDown());
        try {
            BuildCancellation cancellation = new BuildCancellation();
            InterruptSignals.cancelling(cancellation).close();

            Signal.raise(HUP);

            assertThat(former.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cancellation.isCancelled()).isFalse();
        } finally {
            Signal.handle(HUP, original);
        }
    }
}
