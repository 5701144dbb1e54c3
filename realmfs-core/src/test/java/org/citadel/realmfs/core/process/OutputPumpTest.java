package org.citadel.realmfs.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * before the pump polls again.
 */
class OutputPumpTest {

    @Test
    void aFinishedStreamLeavesItsFdNumberToTheNextCommandsOutput() throws Exception {
        List<String> nextLines = new CopyOnWriteArrayList<>();
        try (OutputPump pump = new OutputPump("test");
             Pipe first = Kernel.pipe("first command's output")) {
            Pipe nextPipe = finishReusingItsNumber(pump, first, number -> {
                Pipe reusing = pipeWithReadEnd(number);
                Kernel.writeFully(reusing.writeEnd(), "for the next command\n".getBytes(StandardCharsets.UTF_8));
                reusing.writeEnd().close();
                return reusing;
            }).get(10, TimeUnit.SECONDS);

            pump.add(nextPipe.readEnd(), nextLines::add).awaitDelivered();

            assertThat(nextLines).containsExactly("for the next command");
        }
    }

    @Test
    void aFinishedStreamHoldsNoPipeOpenThatGotItsFdNumber() throws Exception {
        // Another spawner's pipe: while a poll waits on an fd it holds the open file, so the write end
        // would never reach its end (the hang: a command gone, the write end held by the JVM).
        try (OutputPump idlePump = new OutputPump("idle");
             OutputPump otherPump = new OutputPump("other");
             Fd belowFirst = Kernel.openReadOnly(Path.of("/dev/null"));
             Pipe first = Kernel.pipe("first command's output")) {
            Pipe other = finishReusingItsNumber(idlePump, first, number -> pipeWithWriteEnd(number, belowFirst))
                    .get(10, TimeUnit.SECONDS);
            OutputPump.Stream otherStream = otherPump.add(other.readEnd(), line -> {
            });
            Thread.sleep(300); // for the idle pump to be back in its poll

            other.writeEnd().close();

            CompletableFuture<Void> ended = CompletableFuture.runAsync(otherStream::awaitDelivered);
            assertThat(ended).as("the end of file of the pipe that got the fd number").succeedsWithin(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Finishes a stream of {@code pump} on {@code first} by draining it while its write end is still
     * open; its last line, on the pump thread, makes (with {@code reusing}) a pipe with an end on the
     * fd number the stream just closed.
     */
    private static CompletableFuture<Pipe> finishReusingItsNumber(OutputPump pump, Pipe first, IntFunction<Pipe> reusing) {
        int number = first.readEnd().number();
        CompletableFuture<Pipe> made = new CompletableFuture<>();
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

    /** A new pipe whose read end has fd number {@code number} (free now); the pipes made on the way are closed. */
    private static Pipe pipeWithReadEnd(int number) {
        List<Pipe> others = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                Pipe pipe = Kernel.pipe("next command's output");
                if (pipe.readEnd().number() == number) {
                    return pipe;
                }
                others.add(pipe);
            }
            throw new IllegalStateException("fd " + number + " was not handed out again");
        } finally {
            others.forEach(Pipe::close);
        }
    }

    /**
     * A new pipe whose write end has fd number {@code number} (free now): every free number below it
     * is filled but the highest, which {@code below} (a lower fd, closed here) guarantees, so the
     * read end takes that one.
     */
    private static Pipe pipeWithWriteEnd(int number, Fd below) {
        below.close();
        List<Fd> fillers = new ArrayList<>();
        try {
            while (fillers.isEmpty() || fillers.get(fillers.size() - 1).number() < number) {
                fillers.add(Kernel.openReadOnly(Path.of("/dev/null")));
            }
            if (fillers.size() < 2 || fillers.get(fillers.size() - 1).number() != number) {
                throw new IllegalStateException("fd " + number + " was not handed out again: " + fillers);
            }
            fillers.remove(fillers.size() - 1).close();
            fillers.remove(fillers.size() - 1).close();
            Pipe pipe = Kernel.pipe("other command's output");
            if (pipe.writeEnd().number() != number) {
                pipe.close();
                throw new IllegalStateException("fd " + number + " went to " + pipe.readEnd() + ", not to a write end");
            }
            return pipe;
        } finally {
            fillers.forEach(Fd::close);
        }
    }
}
