package org.citadel.realmfs.core.output.image;

import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.output.image.verity.DataTap;

/** Reports the bytes it has seen of {@code total} as {@link BuildEvent.Progress}, every {@value #STEP_BYTES} bytes and at the end. */
final class ProgressTap implements DataTap {
    static final long STEP_BYTES = 64L << 20;

    private final EventDispatcher events;
    private final String what;
    private final long total;
    private long reported;

    ProgressTap(EventDispatcher events, String what, long total) {
        this.events = events;
        this.what = what;
        this.total = total;
    }

    @Override
    public void accept(long offset, byte[] chunk, int length) {
        long seen = offset + length;
        if (seen - reported >= STEP_BYTES || seen >= total) {
            reported = seen;
            events.onEvent(BuildEvent.Progress.bytes(Stage.WRITE_OUTPUTS, what, seen, total));
        }
    }
}
