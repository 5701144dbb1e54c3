package org.citadel.realmfs.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.BuildListener;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventDispatcherTest {
    @TempDir
    Path dir;

    private final List<BuildEvent> received = new ArrayList<>();

    @Test
    void aFailedBuildIsOneBuildFailedEventInTheStageTheExceptionNamesAndInTheLog() throws Exception {
        try (BuildLog log = new BuildLog(dir.resolve("build.log"))) {
            EventDispatcher events = new EventDispatcher(log, List.of(received::add));
            events.onEvent(new BuildEvent.StageStarted(Stage.INSTALL_PACKAGES));

            events.buildFailed(new BuildFailedException(Stage.BOOTSTRAP, "debootstrap failed", List.of()));
        }

        assertThat(received).last().isEqualTo(new BuildEvent.BuildFailed(Optional.of(Stage.BOOTSTRAP), "debootstrap failed"));
        assertThat(received).noneMatch(BuildEvent.Warning.class::isInstance);
        assertThat(java.nio.file.Files.readString(dir.resolve("build.log")))
                .containsOnlyOnce("debootstrap failed")
                .contains("build failed during: bootstrap the base system: debootstrap failed");
    }

    @Test
    void withoutAStageInTheExceptionItIsTheStageStartedLastOrNone() throws Exception {
        try (BuildLog log = new BuildLog(dir.resolve("build.log"))) {
            EventDispatcher events = new EventDispatcher(log, List.of(received::add));
            events.buildFailed(new HostRequirementException("mirror unreachable"));
            events.onEvent(new BuildEvent.StageStarted(Stage.WRITE_OUTPUTS));
            events.buildFailed(new IllegalStateException("boom"));
        }

        assertThat(received).contains(new BuildEvent.BuildFailed(Optional.empty(), "mirror unreachable"),
                new BuildEvent.BuildFailed(Optional.of(Stage.WRITE_OUTPUTS), "boom"));
    }

    @Test
    void everyListenerGetsEveryEventInTheOrderSentAfterTheLog() throws Exception {
        List<String> order = new ArrayList<>();
        try (BuildLog log = new BuildLog(dir.resolve("build.log"))) {
            EventDispatcher events = new EventDispatcher(log, List.of(
                    e -> order.add("first " + EventText.describe(e)), e -> order.add("second " + EventText.describe(e))));
            events.onEvent(new BuildEvent.StageStarted(Stage.BOOTSTRAP));
            events.message(Stage.BOOTSTRAP, "Debian trixie");
        }

        assertThat(order).containsExactly("first ==> bootstrap the base system", "second ==> bootstrap the base system",
                "first Debian trixie", "second Debian trixie");
        assertThat(Files.readString(dir.resolve("build.log"))).contains("==> bootstrap the base system", "Debian trixie");
    }

    @Test
    void aListenerThatThrowsIsDroppedAndLoggedOnceWhileTheOthersGoOn() throws Exception {
        List<BuildEvent> failing = new ArrayList<>();
        BuildListener throwing = new BuildListener() {
            @Override
            public void onEvent(BuildEvent event) {
                failing.add(event);
                throw new IllegalStateException("listener bug");
            }

            @Override
            public String toString() {
                return "the throwing listener";
            }
        };
        try (BuildLog log = new BuildLog(dir.resolve("build.log"))) {
            EventDispatcher events = new EventDispatcher(log, List.of(throwing, received::add));
            events.onEvent(new BuildEvent.StageStarted(Stage.BOOTSTRAP));
            events.message(Stage.BOOTSTRAP, "one");
            events.message(Stage.BOOTSTRAP, "two");
        }

        assertThat(failing).containsExactly(new BuildEvent.StageStarted(Stage.BOOTSTRAP));
        assertThat(received).containsExactly(new BuildEvent.StageStarted(Stage.BOOTSTRAP),
                new BuildEvent.Message(Stage.BOOTSTRAP, "one"), new BuildEvent.Message(Stage.BOOTSTRAP, "two"));
        assertThat(Files.readString(dir.resolve("build.log")))
                .containsOnlyOnce("warning: listener the throwing listener threw java.lang.IllegalStateException:"
                        + " listener bug; it gets no further events");
    }

    @Test
    void aWarningWithoutAStageOfItsOwnIsInTheStageStartedOrSkippedLastOrInNone() throws Exception {
        try (BuildLog log = new BuildLog(dir.resolve("build.log"))) {
            EventDispatcher events = new EventDispatcher(log, List.of(received::add));
            events.warning("before");
            events.onEvent(new BuildEvent.StageSkipped(Stage.BOOTSTRAP, "cached"));
            events.warning("skipped");
            events.onEvent(new BuildEvent.StageStarted(Stage.PREPARE_CHROOT));
            events.warning("started");
        }

        assertThat(received).filteredOn(BuildEvent.Warning.class::isInstance).containsExactly(
                new BuildEvent.Warning(Optional.empty(), "before"),
                new BuildEvent.Warning(Stage.BOOTSTRAP, "skipped"),
                new BuildEvent.Warning(Stage.PREPARE_CHROOT, "started"));
    }

    @Test
    void eventsFromSeveralThreadsReachAListenerOneAtATimeEachThreadsInItsOrder() throws Exception {
        int threads = 4;
        int perThread = 500;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        BuildListener slowAndUnsafe = event -> {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            seen.add(((BuildEvent.CommandOutput) event).line());
            Thread.onSpinWait();
            inside.decrementAndGet();
        };
        try (BuildLog log = new BuildLog(dir.resolve("build.log"))) {
            EventDispatcher events = new EventDispatcher(log, List.of(slowAndUnsafe));
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int producer = t;
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        events.output(Stage.INSTALL_PACKAGES, producer + ":" + i);
                    }
                });
                thread.start();
                producers.add(thread);
            }
            start.countDown();
            for (Thread thread : producers) {
                thread.join();
            }
        }

        assertThat(overlaps).hasValue(0);
        assertThat(seen).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<String> own = seen.stream().filter(line -> line.startsWith(prefix)).toList();
            assertThat(own).as("producer " + t).isEqualTo(
                    java.util.stream.IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
        }
    }
}
