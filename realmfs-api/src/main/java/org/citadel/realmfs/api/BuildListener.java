package org.citadel.realmfs.api;

/** Receives the events of a build. Called on the build's thread: return quickly. */
@FunctionalInterface
public interface BuildListener {
    void onEvent(BuildEvent event);
}
