package org.citadel.realmfs.api;

/**
 * Receives the events of a build, one at a time. Called on the build's thread (a
 * {@link BuildEvent.Cancelled} on the thread that cancelled it): return quickly.
 */
@FunctionalInterface
public interface BuildListener {
    void onEvent(BuildEvent event);
}
