package org.citadel.realmfs.core.events;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.citadel.realmfs.core.concurrent.Threads;

/**
 * Asks {@code done} how far a step that reports nothing itself (a command writing a file) got, on a
 * thread of its own every {@code every}, and tells the sink, until closed. Closing waits for the
 * thread, so no count arrives after it; the caller then reports the total if the step succeeded.
 * A failing poll is skipped: the step's own outcome decides.
 */
public final class PolledProgress implements AutoCloseable {
    public static final Duration EVERY = Duration.ofMillis(500);

    private final Thread thread;
    private volatile boolean stopped;

    private PolledProgress(ProgressSink sink, LongSupplier done, long total, Duration every) {
        thread = new Thread(() -> {
            while (!stopped) {
                try {
                    sink.at(done.getAsLong(), total);
                } catch (RuntimeException skipped) {
                    // the file polled is not there yet, or gone
                }
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "realmfs-progress");
        thread.setDaemon(true);
    }

    public static PolledProgress start(ProgressSink sink, LongSupplier done, long total, Duration every) {
        PolledProgress polled = new PolledProgress(sink, done, total, every);
        polled.thread.start();
        return polled;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        Threads.joinUninterruptibly(thread);
    }
}
