package org.citadel.realmfs.api;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A build that {@link RealmfsBuild#start} started: it runs on a thread of its own, named
 * {@code realmfs-build <work directory>}, while the caller goes on. That thread is not a daemon:
 * the JVM does not exit while a started build runs (cancel it to end it sooner; a JVM killed
 * anyway leaves no process and no mount, as for {@link RealmfsBuild#run}).
 *
 * <p><b>Result.</b> {@link #result()} completes when the build has ended and cleaned up (its
 * processes gone, nothing mounted, the work directory unlocked): normally with the
 * {@link BuildResult}, exceptionally with the {@link RealmfsException} {@link RealmfsBuild#run} would
 * have thrown, a {@link BuildCancelledException} naming the stage for a cancelled build. A build
 * that cannot start (a bad recipe, not root, a work directory another build holds) fails the
 * future the same way; {@code start} itself throws only for null arguments or when no engine is on
 * the class path. Actions chained on the future without {@code Async} run on the build's thread
 * after it ended, or on the caller's thread if it had ended already.
 *
 * <p><b>Cancelling.</b> {@link #cancel} does what {@link BuildCancellation#cancel} does; when the
 * options carry a {@code BuildCancellation}, it is that one, so either stops the build and only the
 * first reason counts. {@code result().cancel(mayInterrupt)} cancels the build too, but, as
 * {@link java.util.concurrent.Future#cancel} requires, that future is then done at once (with a
 * {@link java.util.concurrent.CancellationException}) while the build is still cleaning up: to wait
 * until nothing is left, call {@link #cancel} and then wait for {@link #result()}, which fails with
 * the {@code BuildCancelledException}. Completing the future yourself ({@code complete},
 * {@code orTimeout}) does not stop the build; cancel it.
 *
 * <p><b>Events</b> go to the listeners of the build's {@link BuildOptions}, which see every event
 * from the first; a handle has no listeners of its own, since one added while the build runs would
 * miss what came before it.
 */
public interface BuildHandle {
    /** The build's outcome; the same future on every call. */
    CompletableFuture<BuildResult> result();

    /**
     * Stops the build, from any thread: kills its running command, and the build stops at the next
     * stage or module, removes its partial outputs, unmounts everything and fails {@link #result()}
     * with a {@link BuildCancelledException}. Only the first call counts.
     *
     * @param reason why, for the event and the exception ("stopped by the user")
     * @return false if the build was cancelled already
     */
    boolean cancel(String reason);

    /**
     * The stage started (or skipped, its layer restored) last; empty before the first. Once the
     * build has ended, the stage it ended in.
     */
    Optional<Stage> currentStage();

    /** The work directory the build runs in, as given to {@code start}. */
    Path workDirectory();
}
