package org.citadel.realmfs.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LayerCommitsTest {
    final LayerCommits commits = LayerCommits.startedHere("commits");
    final List<String> order = new CopyOnWriteArrayList<>();

    @AfterEach
    void endTheThread() {
        commits.close();
    }

    @Test
    void aCommitRunsBesideTheCallerAndAwaitReturnsOnlyOnceItEnded() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        commits.start(() -> {
            started.countDown();
            await(release);
            order.add("committed");
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        order.add("the build went on");
        release.countDown();

        commits.await();

        assertThat(order).containsExactly("the build went on", "committed");
    }

    @Test
    void theNextCommitStartsOnlyAfterThePreviousEnded() {
        commits.start(() -> {
            sleep(200);
            order.add("bootstrap committed");
        });
        commits.start(() -> order.add("packages committed"));
        order.add("packages started");

        commits.await();

        assertThat(order).containsExactly("bootstrap committed", "packages started", "packages committed");
    }

    @Test
    void whatACommitThrowsIsRethrownByTheNextAwaitOnce() {
        commits.start(() -> {
            throw new IllegalStateException("a bug in the commit");
        });

        assertThatThrownBy(commits::await).isInstanceOf(IllegalStateException.class).hasMessage("a bug in the commit");
        commits.await();
    }

    @Test
    void whatACommitThrowsIsRethrownByCloseAndByTheNextStart() {
        commits.start(() -> {
            throw new IllegalStateException("a bug in the commit");
        });
        assertThatThrownBy(() -> commits.start(() -> order.add("next ran")))
                .hasMessage("a bug in the commit");
        assertThat(order).isEmpty();

        commits.start(() -> {
            throw new IllegalStateException("again");
        });
        assertThatThrownBy(commits::close).hasMessage("again");
    }

    @Test
    void anInterruptedCallerStillWaitsForTheCommitAndKeepsItsInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        commits.start(() -> {
            await(release);
            order.add("committed");
        });
        Thread caller = new Thread(() -> {
            commits.close();
            order.add(Thread.currentThread().isInterrupted() ? "closed, still interrupted" : "closed, interrupt lost");
        });
        caller.start();
        caller.interrupt();
        Thread.sleep(100);
        assertThat(caller.isAlive()).isTrue();
        release.countDown();
        caller.join(10_000);

        assertThat(order).containsExactly("committed", "closed, still interrupted");
    }

    @Test
    void theCommitsRunOnTheThreadStartedWhenTheyWereMadeNotOnOneTheCallerStarts() throws Exception {
        List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
        LayerCommits made = LayerCommits.startedHere("made here");
        List<Thread> startedByMaking = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread)).toList();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        Thread sandboxLike = new Thread(() -> {
            made.start(() -> ranOn.add(Thread.currentThread()));
            made.start(() -> ranOn.add(Thread.currentThread()));
            made.await();
        });
        sandboxLike.start();
        sandboxLike.join(10_000);
        made.close();

        assertThat(ranOn).hasSize(2).allMatch(startedByMaking::contains);
        assertThat(ranOn.get(0).getName()).isEqualTo("made here");
    }

    @Test
    void aCacheThatStoresNothingCannotStartACommitButAwaitsAndCloses() {
        LayerCommits none = LayerCommits.none();

        assertThatThrownBy(() -> none.start(() -> { })).isInstanceOf(IllegalStateException.class);
        none.await();
        none.close();
    }

    @Test
    void awaitingWithNothingStartedReturns() {
        commits.await();
        commits.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
