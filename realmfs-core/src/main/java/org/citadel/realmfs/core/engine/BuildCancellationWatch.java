package org.citadel.realmfs.core.engine;

import java.util.Optional;
import org.citadel.realmfs.api.BuildCancellation;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.sandbox.Sandbox;

/**
 * What a cancellation does to a running build: reports it once, kills the processes of the build's
 * sandbox (the command the build waits for fails), and turns what the build then fails with into a
 * {@link BuildCancelledException}. The build itself stops at the next stage or module
 * ({@link BuildCancellation#throwIfCancelled}).
 */
final class BuildCancellationWatch implements AutoCloseable {
    private final Optional<BuildCancellation> cancellation;
    private final EventDispatcher events;
    private final BuildCancellation.Registration registration;
    private volatile Sandbox sandbox;

    private BuildCancellationWatch(Optional<BuildCancellation> cancellation, EventDispatcher events) {
        this.cancellation = cancellation;
        this.events = events;
        this.registration = cancellation.map(c -> c.onCancel(this::cancelled)).orElse(() -> { });
    }

    static BuildCancellationWatch start(Optional<BuildCancellation> cancellation, EventDispatcher events) {
        return new BuildCancellationWatch(cancellation, events);
    }

    /** From now until {@link #sandboxClosed}, a cancellation kills the processes of {@code opened}. */
    void sandboxOpened(Sandbox opened) {
        sandbox = opened;
        if (cancellation.isPresent() && cancellation.get().isCancelled()) {
            opened.killProcesses();
        }
    }

    void sandboxClosed() {
        sandbox = null;
    }

    /** Throws a {@link BuildCancelledException} if the build was cancelled (between stages). */
    void throwIfCancelled() {
        cancellation.ifPresent(c -> c.throwIfCancelled(events.currentStage()));
    }

    /** {@code failure} itself, or, if the build was cancelled, a {@link BuildCancelledException} caused by it. */
    RuntimeException explain(RuntimeException failure) {
        if (failure instanceof BuildCancelledException || cancellation.isEmpty() || !cancellation.get().isCancelled()) {
            return failure;
        }
        return new BuildCancelledException(events.currentStage(), cancellation.get().reason().orElseThrow(), failure);
    }

    /** On the cancelling thread. */
    private void cancelled() {
        events.onEvent(new BuildEvent.Cancelled(events.stage(), cancellation.orElseThrow().reason().orElseThrow()));
        Sandbox running = sandbox;
        if (running != null) {
            running.killProcesses();
        }
    }

    @Override
    public void close() {
        registration.close();
    }
}
