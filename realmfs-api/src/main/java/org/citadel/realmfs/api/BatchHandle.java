package org.citadel.realmfs.api;

import java.util.concurrent.CompletableFuture;

/** A running {@link RealmfsBatch}, as {@link RealmfsBatch#start()} returns it. */
public interface BatchHandle {

    /**
     * Completes with the result of every entry once all have ended (built, failed or cancelled); it
     * never completes exceptionally because an entry failed: the entry's failure is in the result.
     */
    CompletableFuture<BatchResult> result();

    /**
     * Cancels every running entry (each stops and cleans up as a cancelled build does) and every entry
     * not yet started (it never starts); both are reported as cancelled with {@code reason}. Only the
     * first call counts; it returns at once, {@link #result()} completes when the cleanup is done.
     *
     * @return false if the batch was already cancelled
     */
    boolean cancel(String reason);
}
