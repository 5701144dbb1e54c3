package org.citadel.realmfs.core.linux;

/** Both ends of a pipe, each close-on-exec so no spawned process inherits them by accident. */
public record Pipe(Fd readEnd, Fd writeEnd) implements AutoCloseable {
    @Override
    public void close() {
        try (Fd r = readEnd; Fd w = writeEnd) {
            // closed by try-with-resources, write end first
        }
    }
}
