package org.citadel.realmfs.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.Pipe;
import org.junit.jupiter.api.Test;

/**
 * A stream finished by {@link OutputPump.Stream#drainAndFinish()} (its process ended; a daemon may
 * still hold the pipe) closes its read end on the pump thread. The kernel hands that fd number to the
 * next fd made anywhere in the JVM, and the pump must never poll or read it again. These tests make
 * that next fd on the pump thread itself, in the finished stream's last line, so that it exists
 * before the pump polls again. Another thread of the JVM may take the number first; then the
 * scenario is set up again.
 */
class OutputPumpTest {
    private static final int ATTEMPTS = 20;

    @Test
    void aFinishedStreamLeavesItsFdNumberToTheNextCommandsOutput() throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<String> nextLines = new CopyOnWriteArrayList<>();
            try (OutputPump pump = new OutputPump("test");
                 Pipe first = Kernel.pipe("first command's output")) {
                Optional<Pipe> next = finishReusingItsNumber(pump, first, number -> pipeWithReadEnd(number).map(reusing -> {
                    Kernel.writeFully(reusing.writeEnd(), "for the next command\n".getBytes(StandardCharsets.UTF_8));
                    reusing.writeEnd().close();
                    return reusing;
                })).get(10, TimeUnit.SECONDS);
                if (next.isPresent()) {
                    pump.add(next.get().readEnd(), nextLines::add).awaitDelivered();

                    assertThat(nextLines).containsExactly("for the next command");
                    return;
                }
            }
        }
        throw new AssertionError("the fd number was never handed out again on the pump thread");
    }

    @Test
    void aFinishedStreamHoldsNoPipeOpenThatGotItsFdNumber() throws Exception {
        // Another spawner's pipe: while a poll waits on an fd it holds the open file, so the write end
        // would never reach its end (the hang: a command gone, the write end held by the JVM).
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (OutputPump idlePump = new OutputPump("idle");
                 OutputPump otherPump = new OutputPump("other");
                 Fd belowFirst = Kernel.openReadOnly(Path.of("/dev/null"));
                 Pipe first = Kernel.pipe("first command's output")) {
                Optional<Pipe> other = finishReusingItsNumber(idlePump, first, number -> pipeWithWriteEnd(number, belowFirst))
                        .get(10, TimeUnit.SECONDS);
                if (other.isPresent()) {
                    OutputPump.Stream otherStream = otherPump.add(other.get().readEnd(), line -> {
                    });
                    Thread.sleep(300); // for the idle pump to be back in its poll

                    other.get().writeEnd().close();

                    CompletableFuture<Void> ended = CompletableFuture.runAsync(otherStream::awaitDelivered);
                    assertThat(ended).as("the end of file of the pipe that got the fd number")
                            .succeedsWithin(5, TimeUnit.SECONDS);
                    return;
                }
            }
        }
        throw new AssertionError("the fd number was never handed out again to a write end on the pump thread");
    }

    /**
     * Finishes a stream of {@code pump} on {@code first} by draining it while its write end is still
     * open; its last line, on the pump thread, makes (with {@code reusing}) a pipe with an end on the
     * fd number the stream just closed, if no other thread took that number first.
     */
    private static CompletableFuture<Optional<Pipe>> finishReusingItsNumber(OutputPump pump, Pipe first,
                                                                            IntFunction<Optional<Pipe>> reusing) {
        int number = first.readEnd().number();
        CompletableFuture<Optional<Pipe>> made = new CompletableFuture<>();
        OutputPump.Stream stream = pump.add(first.readEnd(), line -> {
            try {
                made.complete(reusing.apply(number));
            } catch (RuntimeException e) {
                made.completeExceptionally(e);
            }
        });
        Kernel.writeFully(first.writeEnd(), "last line, without a newline".getBytes(StandardCharsets.UTF_8));
        stream.drainAndFinish();
        stream.awaitDelivered();
        return made;
    }

    /** A new pipe whose read end has fd number {@code number}, if free; the pipes made on the way are closed. */
    private static Optional<Pipe> pipeWithReadEnd(int number) {
        List<Pipe> others = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                Pipe pipe = Kernel.pipe("next command's output");
                if (pipe.readEnd().number() == number) {
                    return Optional.of(pipe);
                }
                others.add(pipe);
                if (pipe.readEnd().number() > number) {
                    break; // another thread took it
                }
            }
            return Optional.empty();
        } finally {
            others.forEach(Pipe::close);
        }
    }

    /**
     * A new pipe whose write end has fd number {@code number}, if free: every free number below it is
     * filled but the highest, which {@code below} (a lower fd, closed here) guarantees, so the read end
     * takes that one.
     */
    private static Optional<Pipe> pipeWithWriteEnd(int number, Fd below) {
        below.close();
        List<Fd> fillers = new ArrayList<>();
        try {
            while (fillers.isEmpty() || fillers.get(fillers.size() - 1).number() < number) {
                fillers.add(Kernel.openReadOnly(Path.of("/dev/null")));
            }
            if (fillers.size() < 2 || fillers.get(fillers.size() - 1).number() != number) {
                return Optional.empty();
            }
            fillers.remove(fillers.size() - 1).close();
            fillers.remove(fillers.size() - 1).close();
            Pipe pipe = Kernel.pipe("other command's output");
            if (pipe.writeEnd().number() != number) {
                pipe.close();
                return Optional.empty();
            }
            return Optional.of(pipe);
        } finally {
            fillers.forEach(Fd::close);
        }
    }
}
