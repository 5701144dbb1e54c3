package org.citadel.realmfs.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LayerCommitsTest {
    final LayerCommits commits = new LayerCommits();
    final List<String> order = new CopyOnWriteArrayList<>();

    @Test
    void aCommitRunsBesideTheCallerAndAwaitReturnsOnlyOnceItEnded() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        commits.start("commit", () -> {
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
        commits.start("bootstrap", () -> {
            sleep(200);
            order.add("bootstrap committed");
        });
        commits.start("packages", () -> order.add("packages committed"));
        order.add("packages started");

        commits.await();

        assertThat(order).containsExactly("bootstrap committed", "packages started", "packages committed");
    }

    @Test
    void whatACommitThrowsIsRethrownByTheNextAwaitOnce() {
        commits.start("commit", () -> {
            throw new IllegalStateException("a bug in the commit");
        });

        assertThatThrownBy(commits::await).isInstanceOf(IllegalStateException.class).hasMessage("a bug in the commit");
        commits.await();
    }

    @Test
    void whatACommitThrowsIsRethrownByCloseAndByTheNextStart() {
        commits.start("commit", () -> {
            throw new IllegalStateException("a bug in the commit");
        });
        assertThatThrownBy(() -> commits.start("next", () -> order.add("next ran")))
                .hasMessage("a bug in the commit");
        assertThat(order).isEmpty();

        commits.start("failing again", () -> {
            throw new IllegalStateException("again");
        });
        assertThatThrownBy(commits::close).hasMessage("again");
    }

    @Test
    void anInterruptedCallerStillWaitsForTheCommitAndKeepsItsInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        commits.start("commit", () -> {
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
