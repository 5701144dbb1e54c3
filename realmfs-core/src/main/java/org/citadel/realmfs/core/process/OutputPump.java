package org.citadel.realmfs.core.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.Pipe;

/**
 * One thread that reads the output pipes of many processes and hands their lines to consumers.
 *
 * <p>One thread rather than one per process because of where threads are born: a thread inherits
 * the root directory of the thread that creates it, and the sandbox thread is briefly chrooted while
 * it spawns. The pump thread is created once, by the thread that creates the {@link Spawner}, so
 * consumers never run chrooted.
 */
final class OutputPump implements AutoCloseable {
    private static final int BUFFER_BYTES = 16 * 1024;

    private final Pipe wakeUp;
    private final Queue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final List<Stream> streams = new ArrayList<>(); // only touched by the pump thread
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final Thread thread;
    private volatile boolean stopping;

    OutputPump(String name) {
        wakeUp = Kernel.pipe("wake-up of " + name);
        Kernel.setNonBlocking(wakeUp.readEnd());
        thread = new Thread(this::pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts reading {@code readEnd} (which the stream then owns) line by line into {@code lines}. */
    Stream add(Fd readEnd, Consumer<String> lines) {
        Kernel.setNonBlocking(readEnd);
        Stream stream = new Stream(readEnd, lines);
        request(() -> streams.add(stream));
        return stream;
    }

    private void request(Runnable request) {
        requests.add(request);
        Kernel.writeFully(wakeUp.writeEnd(), new byte[] {1});
    }

    private void pump() {
        while (!stopping) {
            // Before every poll: a stream the last requests finished (drainAndFinish) has closed its
            // fd, and the kernel may already have given that number to another thread's new fd.
            streams.removeIf(Stream::isFinished);
            Fd[] fds = new Fd[streams.size() + 1];
            fds[0] = wakeUp.readEnd();
            for (int i = 0; i < streams.size(); i++) {
                fds[i + 1] = streams.get(i).readEnd;
            }
            boolean[] readable = Kernel.awaitReadable(fds);
            for (int i = 1; i < fds.length; i++) {
                if (readable[i]) {
                    streams.get(i - 1).readOnce();
                }
            }
            if (readable[0]) {
                while (Kernel.read(wakeUp.readEnd(), buffer) > 0) {
                    // emptied: the requests queue holds what to do
                }
                for (Runnable request = requests.poll(); request != null; request = requests.poll()) {
                    request.run();
                }
            }
        }
    }

    @Override
    public void close() {
        request(() -> stopping = true);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (Stream stream : streams) {
            stream.finish(new IllegalStateException("the output pump was closed"));
        }
        wakeUp.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The output of one process. */
    final class Stream {
        private final Fd readEnd;
        private final LineSplitter splitter;
        private final CompletableFuture<Void> delivered = new CompletableFuture<>();
        private Throwable consumerFailure; // only touched by the pump thread before delivered completes

        private Stream(Fd readEnd, Consumer<String> lines) {
            this.readEnd = readEnd;
            this.splitter = new LineSplitter(line -> {
                if (consumerFailure == null) {
                    try {
                        lines.accept(line);
                    } catch (RuntimeException | Error e) {
                        consumerFailure = e; // keep reading so the process never blocks on a full pipe
                    }
                }
            });
        }

        /**
         * Delivers what is in the pipe now and then stops reading, even if the pipe is still open.
         * Called once the process has ended: everything it wrote is in the pipe by then, and a
         * daemon it left behind holding the pipe must not keep anyone waiting.
         */
        void drainAndFinish() {
            request(() -> {
                while (!isFinished() && readOnce() > 0) {
                    // until the pipe is empty or at its end
                }
                finish(null);
            });
        }

        /** Waits until every line has been delivered; rethrows what a consumer threw. */
        void awaitDelivered() {
            delivered.join();
            if (consumerFailure instanceof RuntimeException e) {
                throw e;
            }
            if (consumerFailure instanceof Error e) {
                throw e;
            }
        }

        /** Reads what is there (bytes read, 0 at end of file, -1 if empty for now); finishes at the end. */
        private int readOnce() {
            try {
                int n = Kernel.read(readEnd, buffer);
                if (n > 0) {
                    splitter.accept(buffer, n);
                } else if (n == 0) {
                    finish(null);
                }
                return n;
            } catch (RuntimeException e) {
                finish(e);
                return 0;
            }
        }

        private boolean isFinished() {
            return delivered.isDone();
        }

        private void finish(Throwable failure) {
            if (isFinished()) {
                return;
            }
            readEnd.close();
            splitter.finish();
            if (failure == null) {
                delivered.complete(null);
            } else {
                delivered.completeExceptionally(failure);
            }
        }
    }
}
