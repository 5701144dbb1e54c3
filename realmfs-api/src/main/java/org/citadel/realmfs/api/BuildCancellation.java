package org.citadel.realmfs.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks a running build to stop, from any thread (a signal handler, a UI's stop button). Give it to
 * the build with {@link BuildOptions.Builder#cancellation}; {@link #cancel} then kills the command the
 * build is running, the build stops at the next stage or module, removes what it wrote half-way,
 * unmounts everything, and {@link RealmfsBuild#run} throws a {@link BuildCancelledException} (the
 * result of a {@link BuildHandle} fails with it). {@link BuildHandle#cancel} calls this one when the
 * options carry it.
 *
 * <p>One cancellation is for one build: once cancelled, it stays cancelled.
 */
public final class BuildCancellation {
    private final List<Runnable> actions = new ArrayList<>();
    private String reason;

    /**
     * Cancels the build; only the first call counts, later ones return false and change nothing.
     *
     * @param reason why, for the event and the exception ("SIGTERM", "stopped by the user")
     */
    public boolean cancel(String reason) {
        Objects.requireNonNull(reason, "reason");
        List<Runnable> toRun;
        synchronized (this) {
            if (this.reason != null) {
                return false;
            }
            this.reason = reason;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
        return true;
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** The reason given to {@link #cancel}, once cancelled. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Throws a {@link BuildCancelledException} naming {@code stage} if cancelled; a Java module may call it too. */
    public void throwIfCancelled(Stage stage) {
        Optional<String> why = reason();
        if (why.isPresent()) {
            throw new BuildCancelledException(stage, why.get(), null);
        }
    }

    /**
     * For engines: runs {@code action} on the cancelling thread when {@link #cancel} is called (at once
     * if it was already), until the returned registration is closed.
     */
    public Registration onCancel(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (this) {
            if (reason == null) {
                actions.add(action);
                return () -> {
                    synchronized (this) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }

    /** Ends what {@link #onCancel} registered. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
