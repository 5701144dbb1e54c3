package org.citadel.realmfs.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressReportTest {
    @TempDir
    Path directory;

    private final List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());

    private EventDispatcher dispatcher() {
        return new EventDispatcher(new BuildLog(directory.resolve(BuildLog.FILE_NAME)), List.of(events::add));
    }

    private List<Long> counts() {
        return events.stream().filter(BuildEvent.Progress.class::isInstance).map(BuildEvent.Progress.class::cast)
                .map(BuildEvent.Progress::done).toList();
    }

    @Test
    void theFirstCountThenOneStepFurtherEachTimeAndTheTotalOnceAreReported() {
        ProgressReport report = ProgressReport.count(dispatcher(), Stage.WRITE_OUTPUTS, "debugfs", 10);

        for (long done = 0; done <= 35; done++) {
            report.at(done, 35);
        }
        report.at(35, 35);

        assertThat(counts()).containsExactly(0L, 10L, 20L, 30L, 35L);
        assertThat(events).allSatisfy(event -> assertThat(event).isEqualTo(new BuildEvent.Progress(
                Stage.WRITE_OUTPUTS, "debugfs", ((BuildEvent.Progress) event).done(), 35,
                BuildEvent.Progress.Unit.COUNT)));
    }

    @Test
    void aCountNeverGoesBackNorBeyondTheTotal() {
        ProgressReport report = ProgressReport.bytes(dispatcher(), Stage.INSTALL_PACKAGES, "mkfs");
        long mib = 1 << 20;

        report.at(40 * mib, 100 * mib);
        report.at(0, 100 * mib); // a poll that saw less
        report.at(70 * mib, 100 * mib);
        report.at(130 * mib, 100 * mib); // metadata beyond the tree's data
        report.at(100 * mib, 100 * mib);

        assertThat(counts()).containsExactly(40 * mib, 70 * mib, 100 * mib);
    }

    @Test
    void aStepOfUnknownTotalReportsTheCountItFinishedAtAndNothingAfter() {
        ProgressReport report = ProgressReport.bytes(dispatcher(), Stage.WRITE_OUTPUTS, "tar");

        report.at(0, 0);
        report.at(3000, 0); // less than a step
        report.finished(10240, 0);
        report.at(20L << 20, 0);

        assertThat(counts()).containsExactly(0L, 10240L);
    }

    @Test
    void aPollerReportsWhileTheStepRunsAndNothingOnceClosed() throws InterruptedException {
        ProgressReport report = ProgressReport.count(dispatcher(), Stage.WRITE_OUTPUTS, "polled", 1);
        AtomicLong done = new AtomicLong();

        try (PolledProgress polled = PolledProgress.start(report, done::incrementAndGet, 1_000_000,
                Duration.ofMillis(5))) {
            while (events.size() < 3) {
                Thread.sleep(5);
            }
        }
        int afterClose = events.size();
        Thread.sleep(50);

        assertThat(events).hasSize(afterClose);
        assertThat(counts()).isSorted().doesNotHaveDuplicates().allSatisfy(count -> assertThat(count).isPositive());
    }

    @Test
    void aFailingPollIsSkipped() throws InterruptedException {
        ProgressReport report = ProgressReport.count(dispatcher(), Stage.WRITE_OUTPUTS, "polled", 1);
        AtomicLong polls = new AtomicLong();

        try (PolledProgress polled = PolledProgress.start(report, () -> {
            if (polls.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("not there yet");
            }
            return polls.get();
        }, 1_000_000, Duration.ofMillis(5))) {
            while (events.size() < 2) {
                Thread.sleep(5);
            }
        }

        assertThat(counts()).isSorted().allSatisfy(count -> assertThat(count % 2).isZero());
    }
}
