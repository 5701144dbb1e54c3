package org.citadel.realmfs.core.process;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** The last lines a command printed, kept so that a failure can say what the command said. */
public final class OutputTail implements Consumer<String> {
    public static final int DEFAULT_LINES = 25;

    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    public OutputTail() {
        this(DEFAULT_LINES);
    }

    public OutputTail(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void accept(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
