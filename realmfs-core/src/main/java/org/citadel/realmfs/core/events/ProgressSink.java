package org.citadel.realmfs.core.events;

/** Where a long step says how far it got: {@code done} of {@code total} (0: unknown). */
@FunctionalInterface
public interface ProgressSink {
    /** Tells nobody. */
    ProgressSink NONE = (done, total) -> {
    };

    void at(long done, long total);

    /** The step ended at {@code done}: a sink that reports only some counts reports this one. */
    default void finished(long done, long total) {
        at(done, total);
    }
}
