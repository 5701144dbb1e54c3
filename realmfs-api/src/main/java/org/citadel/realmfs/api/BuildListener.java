package org.citadel.realmfs.api;

/**
 * Receives the events of a build.
 *
 * <p><b>One at a time.</b> The engine delivers each event to the build's listeners, in the order
 * they were given, while holding one lock per build: no two events of a build are ever delivered at
 * the same time, and each delivery happens-before the next one, whatever threads they are on. A
 * listener therefore needs no locking of its own for state only its events touch, but the build
 * waits while it runs: return quickly, and never wait in it for the build itself. A listener that
 * throws gets no further events (the build log says so); the build goes on.
 *
 * <p><b>Threads.</b> Events arrive on several threads, not on one "build thread":
 * <ul>
 * <li>the thread that drives the build, named {@code realmfs-build <work directory>}, which
 *     {@link RealmfsBuild#start} starts and {@link RealmfsBuild#run} waits for (never the caller's
 *     own): what happens outside the build's sandbox, before it opens (mirror, stale rootfs, layer
 *     cache) and after it closes, and the final {@link BuildEvent.BuildFailed};
 * <li>the build's sandbox thread: stages, modules, most messages and warnings;
 * <li>the output-pump threads that read the output of the build's commands:
 *     {@link BuildEvent.CommandOutput} and the {@link BuildEvent.Message}, {@link BuildEvent.Warning}
 *     and {@link BuildEvent.Progress} events read from those lines (apt's progress, a shell module's
 *     {@code info} and {@code warn});
 * <li>a {@code realmfs-progress} thread while a command that reports nothing itself runs (mkfs.ext4,
 *     debugfs, a layer tar being written): the {@link BuildEvent.Progress} polled from the file it
 *     writes; it ends before the build goes past that command;
 * <li>the thread that called {@link BuildCancellation#cancel} or {@link BuildHandle#cancel} (or
 *     cancelled the handle's result): the one {@link BuildEvent.Cancelled}.
 * </ul>
 *
 * <p><b>Order.</b> The events one thread produces arrive in the order it produced them; events of
 * different threads arrive in the order they took the lock. A command's output lines all arrive
 * before the build goes past that command (it waits until they are delivered), so before the
 * {@code ModuleFinished} or {@code StageFinished} that follows it. The {@code Cancelled} event, and
 * the output of a background process a shell module left running, can fall between any two others.
 */
@FunctionalInterface
public interface BuildListener {
    void onEvent(BuildEvent event);
}
