package org.citadel.realmfs.core.linux;

/** An open file descriptor this object owns; closing it twice is harmless. */
public final class Fd implements AutoCloseable {
    private final int number;
    private final String description;
    private boolean closed;

    Fd(int number, String description) {
        this.number = number;
        this.description = description;
    }

    public int number() {
        return number;
    }

    /** What the descriptor refers to, for messages. */
    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Kernel.closeFd(number);
        }
    }

    @Override
    public String toString() {
        return "fd " + number + " (" + description + ")";
    }
}
