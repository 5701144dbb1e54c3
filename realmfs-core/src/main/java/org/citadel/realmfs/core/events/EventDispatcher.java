package org.citadel.realmfs.core.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.BuildListener;
import org.citadel.realmfs.api.Stage;

/**
 * Hands each event to the build log and then to every listener in order, one event at a time (see
 * {@link BuildListener} for the threads events come from). A listener that throws is not allowed to
 * break the build: its failure is written to the build log once and the listener is dropped.
 */
public final class EventDispatcher implements BuildListener {
    private final BuildLog log;
    private final List<BuildListener> listeners;
    private volatile Stage currentStage;

    public EventDispatcher(BuildLog log, List<BuildListener> listeners) {
        this.log = log;
        this.listeners = new ArrayList<>(listeners);
    }

    @Override
    public synchronized void onEvent(BuildEvent event) {
        if (event instanceof BuildEvent.StageStarted started) {
            currentStage = started.stage();
        } else if (event instanceof BuildEvent.StageSkipped skipped) {
            currentStage = skipped.stage();
        }
        log.onEvent(event);
        for (BuildListener listener : List.copyOf(listeners)) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                listeners.remove(listener);
                log.onEvent(new BuildEvent.Warning(stage(), "listener " + listener + " threw " + e
                        + "; it gets no further events"));
            }
        }
    }

    /**
     * Sends the event that ends a failed build: in the stage {@code failure} names, else the stage
     * started (or skipped) last.
     */
    public synchronized void buildFailed(RuntimeException failure) {
        Optional<Stage> stage = failure instanceof BuildFailedException failed && failed.stage() != null
                ? Optional.of(failed.stage()) : stage();
        onEvent(new BuildEvent.BuildFailed(stage, failure.getMessage() == null ? failure.toString() : failure.getMessage()));
    }

    /** The stage last started (or skipped); null before the first. Readable from any thread. */
    public Stage currentStage() {
        return currentStage;
    }

    /** The stage last started (or skipped); empty before the first. */
    public Optional<Stage> stage() {
        return Optional.ofNullable(currentStage);
    }

    public void message(Stage stage, String text) {
        onEvent(new BuildEvent.Message(stage, text));
    }

    public void warning(Stage stage, String text) {
        onEvent(new BuildEvent.Warning(stage, text));
    }

    /** A warning in the stage started (or skipped) last, or before the first stage. */
    public void warning(String text) {
        onEvent(new BuildEvent.Warning(stage(), text));
    }

    public void output(Stage stage, String line) {
        onEvent(new BuildEvent.CommandOutput(stage, line));
    }
}
