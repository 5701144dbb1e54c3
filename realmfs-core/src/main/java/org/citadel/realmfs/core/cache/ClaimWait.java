package org.citadel.realmfs.core.cache;

/** What a build does while another build makes a layer it needs. */
interface ClaimWait {
    /** Called once for each layer the build starts waiting for. */
    void waitingFor(LayerKey key);

    /** Returns after a short while; throws if the build was cancelled. */
    void pause();
}
