package org.citadel.realmfs.api;

/**
 * Receives the events of every build of a {@link RealmfsBatch}, each with the name of the entry it
 * belongs to. The batch delivers them one at a time across all its builds (one lock per batch), so a
 * listener needs no locking of its own and its lines never interleave; but every build of the batch
 * waits while it runs, so it must return quickly. A listener that throws gets no further events; the
 * builds go on.
 */
@FunctionalInterface
public interface BatchListener {
    void onEvent(String name, BuildEvent event);
}
