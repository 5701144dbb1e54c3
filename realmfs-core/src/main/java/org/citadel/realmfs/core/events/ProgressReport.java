package org.citadel.realmfs.core.events;

import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;

/**
 * Turns the counts of one step ({@code what}) into {@link BuildEvent.Progress} events that never go
 * back: a count below one already reported is raised to it, one beyond the total lowered to it. The
 * first count is reported, then one at least {@code step} beyond the last reported, and the total
 * once reached (or the count the step {@link #finished} at, when the total is unknown). Safe to call from a polling thread and the step's own thread (one at a time).
 */
public final class ProgressReport implements ProgressSink {
    private final EventDispatcher events;
    private final Stage stage;
    private final String what;
    private final BuildEvent.Progress.Unit unit;
    private final long step;
    private long reported = -1;
    private boolean complete;

    public ProgressReport(EventDispatcher events, Stage stage, String what, BuildEvent.Progress.Unit unit, long step) {
        this.events = events;
        this.stage = stage;
        this.what = what;
        this.unit = unit;
        this.step = Math.max(1, step);
    }

    /** In bytes, reported every 16 MiB. */
    public static ProgressReport bytes(EventDispatcher events, Stage stage, String what) {
        return new ProgressReport(events, stage, what, BuildEvent.Progress.Unit.BYTES, 16L << 20);
    }

    /** In things (commands, files), reported every {@code step}. */
    public static ProgressReport count(EventDispatcher events, Stage stage, String what, long step) {
        return new ProgressReport(events, stage, what, BuildEvent.Progress.Unit.COUNT, step);
    }

    @Override
    public synchronized void at(long done, long total) {
        report(done, total, false);
    }

    /** Reports {@code done} even if less than a step beyond the last count (the end of a step of unknown total). */
    @Override
    public synchronized void finished(long done, long total) {
        report(done, total, true);
    }

    private void report(long done, long total, boolean last) {
        if (complete) {
            return;
        }
        long count = Math.max(Math.max(done, 0), reported);
        if (total > 0) {
            count = Math.min(count, total);
        }
        boolean reachedTotal = total > 0 && count == total;
        if (reported < 0 || count - reported >= step || reachedTotal || (last && count > reported)) {
            reported = count;
            complete = reachedTotal || last;
            events.onEvent(new BuildEvent.Progress(stage, what, count, total, unit));
        }
    }
}
