package org.citadel.realmfs.core.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.citadel.realmfs.api.BuildCancellation;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildHandle;
import org.citadel.realmfs.api.BuildListener;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.Stage;

/**
 * A build running on its own thread, named after its work directory. The handle cancels through the
 * options' {@link BuildCancellation} (one is added when they carry none), so the engine has a single
 * way to stop a build, and follows the stages with a listener of its own after the caller's.
 */
final class StartedBuild implements BuildHandle {
    static final String THREAD_NAME_PREFIX = "realmfs-build ";

    private final Path workDirectory;
    private final BuildCancellation cancellation;
    private final StageTracker stages = new StageTracker();
    private final ResultFuture result = new ResultFuture();

    private StartedBuild(Path workDirectory, BuildCancellation cancellation) {
        this.workDirectory = workDirectory;
        this.cancellation = cancellation;
    }

    /**
     * Runs {@code build} with the options it is to use on a new thread; what it returns or throws
     * completes {@link #result()}.
     */
    static StartedBuild start(Path workDirectory, BuildOptions options, Function<BuildOptions, BuildResult> build) {
        Objects.requireNonNull(workDirectory, "workDirectory");
        BuildCancellation cancellation = options.cancellation().orElseGet(BuildCancellation::new);
        StartedBuild started = new StartedBuild(workDirectory, cancellation);
        BuildOptions withHandle = options.toBuilder().cancellation(cancellation).listener(started.stages).build();
        Thread thread = new Thread(() -> started.drive(build, withHandle), threadName(workDirectory));
        thread.setDaemon(false); // as the caller of run: a build that has started ends before the JVM does
        thread.start();
        return started;
    }

    static String threadName(Path workDirectory) {
        return THREAD_NAME_PREFIX + workDirectory.toAbsolutePath().normalize();
    }

    private void drive(Function<BuildOptions, BuildResult> build, BuildOptions options) {
        try {
            result.succeed(build.apply(options));
        } catch (Throwable failure) {
            result.fail(failure);
        }
    }

    @Override
    public CompletableFuture<BuildResult> result() {
        return result;
    }

    @Override
    public boolean cancel(String reason) {
        return cancellation.cancel(reason);
    }

    @Override
    public Optional<Stage> currentStage() {
        return Optional.ofNullable(stages.current);
    }

    @Override
    public Path workDirectory() {
        return workDirectory;
    }

    @Override
    public String toString() {
        return "build in " + workDirectory + (result.isDone() ? " (ended)" : currentStage()
                .map(stage -> " (" + stage.description() + ")").orElse(" (starting)"));
    }

    /** The stage as the engine's own dispatcher counts it: started or skipped last. */
    private static final class StageTracker implements BuildListener {
        private volatile Stage current;

        @Override
        public void onEvent(BuildEvent event) {
            if (event instanceof BuildEvent.StageStarted started) {
                current = started.stage();
            } else if (event instanceof BuildEvent.StageSkipped skipped) {
                current = skipped.stage();
            }
        }

        @Override
        public String toString() {
            return "the build handle's stage tracker";
        }
    }

    /** The result, whose {@code cancel} also cancels the build. */
    private final class ResultFuture extends CompletableFuture<BuildResult> {
        /** The future first: cancelled the other way round, the build could fail it before it is cancelled. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                StartedBuild.this.cancel("its result's future was cancelled");
            }
            return cancelled;
        }

        void succeed(BuildResult value) {
            super.complete(value);
        }

        void fail(Throwable failure) {
            super.completeExceptionally(failure);
        }
    }
}
