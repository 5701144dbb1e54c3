package org.citadel.realmfs.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildListener;
import org.citadel.realmfs.api.Stage;

/**
 * Shows a build's progress: one line per stage and per module, package download and install counts,
 * messages and written outputs. Command output, stage and module times only when verbose (the build
 * log has everything anyway). Warnings go to standard error.
 *
 * <p>On a terminal a progress count is redrawn in place; otherwise it is printed every
 * {@value #PERCENT_STEP}% or every {@value #SECONDS_STEP} s, whichever comes first, so a log file stays
 * short. Progress in bytes is shown in MiB with its rate and the time left at that rate.
 *
 * <p>In a batch each build has its own renderer, never on a terminal, whose lines all start with the
 * build's name ("dev: [1/7] bootstrap the base system"), so the builds' lines can mix and still be read.
 */
public final class ProgressRenderer implements BuildListener {
    static final int PERCENT_STEP = 10;
    static final int SECONDS_STEP = 10;
    private static final double MIB = 1 << 20;
    private static final String INDENT = "      ";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean verbose;
    private final boolean terminal;
    private final String prefix;
    private final LongSupplier nanoTime;

    /** On a terminal: a progress line is drawn and still waits for its newline. */
    private boolean progressLineOpen;
    private int progressLineLength;
    private String progressWhat = "";
    private long progressStepShown = -1;
    private long progressStartNanos;
    private long progressStartDone;
    private long progressShownNanos;

    public ProgressRenderer(PrintWriter out, PrintWriter err, boolean verbose, boolean terminal) {
        this(out, err, verbose, terminal, "");
    }

    private ProgressRenderer(PrintWriter out, PrintWriter err, boolean verbose, boolean terminal, String prefix) {
        this(out, err, verbose, terminal, prefix, System::nanoTime);
    }

    /** @param nanoTime the clock rates and time steps are measured with */
    ProgressRenderer(PrintWriter out, PrintWriter err, boolean verbose, boolean terminal, String prefix,
                     LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.out = out;
        this.err = err;
        this.verbose = verbose;
        this.terminal = terminal;
        this.prefix = prefix;
    }

    /** For one build of a batch: every line starts with "{@code name}: ", and progress is never redrawn. */
    public static ProgressRenderer forBatchEntry(String name, PrintWriter out, PrintWriter err, boolean verbose) {
        return new ProgressRenderer(out, err, verbose, false, name + ": ");
    }

    @Override
    public void onEvent(BuildEvent event) {
        if (event instanceof BuildEvent.Progress progress) {
            showProgress(progress);
        } else if (event instanceof BuildEvent.StageStarted e) {
            println(stageLabel(e.stage()) + e.stage().description());
        } else if (event instanceof BuildEvent.StageSkipped e) {
            println(stageLabel(e.stage()) + e.stage().description() + ": skipped, " + e.reason());
        } else if (event instanceof BuildEvent.StageFinished e) {
            printlnIfVerbose(INDENT + e.stage().description() + ": done in " + Durations.format(e.took()));
        } else if (event instanceof BuildEvent.ModuleStarted e) {
            println(INDENT + "module " + e.module());
        } else if (event instanceof BuildEvent.ModuleFinished e) {
            printlnIfVerbose(INDENT + "module " + e.module() + ": done in " + Durations.format(e.took()));
        } else if (event instanceof BuildEvent.CommandOutput e) {
            printlnIfVerbose(INDENT + "| " + e.line());
        } else if (event instanceof BuildEvent.Message e) {
            println(INDENT + e.text());
        } else if (event instanceof BuildEvent.Warning e) {
            endProgressLine();
            err.println(prefix + "warning: " + e.text());
            err.flush();
        } else if (event instanceof BuildEvent.Cancelled e) {
            endProgressLine();
            err.println(prefix + "interrupted " + BuildCancelledException.during(e.stage()) + ": cleaning up");
            err.flush();
        } else if (event instanceof BuildEvent.OutputWritten e) {
            println(INDENT + "wrote " + e.kind() + ": " + e.path());
        } else if (event instanceof BuildEvent.BuildFailed) {
            endProgressLine(); // the command reports the failure itself, once, from the exception
        }
    }

    private static String stageLabel(Stage stage) {
        return "[" + (stage.ordinal() + 1) + "/" + Stage.values().length + "] ";
    }

    private void showProgress(BuildEvent.Progress progress) {
        long now = nanoTime.getAsLong();
        boolean newWhat = !progress.what().equals(progressWhat);
        if (newWhat) {
            endProgressLine();
            progressWhat = progress.what();
            progressStepShown = -1;
            progressStartNanos = now;
            progressStartDone = progress.done();
            progressShownNanos = now;
        }
        boolean known = progress.total() > 0;
        long percent = known ? Math.min(100, progress.done() * 100 / progress.total()) : -1;
        String text = INDENT + progress.what() + ": " + (progress.unit() == BuildEvent.Progress.Unit.BYTES
                ? bytesText(progress, percent, now)
                : progress.done() + (known ? String.format(Locale.ROOT, "/%d (%d%%)", progress.total(), percent) : ""));
        boolean complete = known && progress.done() >= progress.total();
        if (terminal) {
            redraw(text);
            if (complete) {
                endProgressLine();
            }
        } else {
            long step = known ? percent / PERCENT_STEP : -1;
            boolean longSilence = now - progressShownNanos >= SECONDS_STEP * 1_000_000_000L;
            if (newWhat || step > progressStepShown || complete || longSilence) {
                println(text);
                progressStepShown = complete ? Long.MAX_VALUE : Math.max(step, progressStepShown);
                progressShownNanos = now;
            }
        }
    }

    /** "123.4/1402.0 MiB (8%), 45.2 MiB/s, 28 s left": the rate since this step's first event. */
    private String bytesText(BuildEvent.Progress progress, long percent, long now) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%.1f", progress.done() / MIB));
        if (progress.total() > 0) {
            text.append(String.format(Locale.ROOT, "/%.1f MiB (%d%%)", progress.total() / MIB, percent));
        } else {
            text.append(" MiB");
        }
        double seconds = (now - progressStartNanos) / 1e9;
        long moved = progress.done() - progressStartDone;
        if (seconds >= 1 && moved > 0) {
            double rate = moved / seconds;
            text.append(String.format(Locale.ROOT, ", %.1f MiB/s", rate / MIB));
            if (progress.total() > progress.done()) {
                long left = (long) Math.ceil((progress.total() - progress.done()) / rate);
                text.append(", ").append(Durations.format(java.time.Duration.ofSeconds(left))).append(" left");
            }
        }
        return text.toString();
    }

    private void redraw(String text) {
        String padding = " ".repeat(Math.max(0, progressLineLength - text.length()));
        out.print("\r" + text + padding);
        out.flush();
        progressLineOpen = true;
        progressLineLength = text.length();
    }

    private void endProgressLine() {
        if (progressLineOpen) {
            out.println();
            out.flush();
            progressLineOpen = false;
            progressLineLength = 0;
        }
    }

    private void printlnIfVerbose(String line) {
        if (verbose) {
            println(line);
        }
    }

    private void println(String line) {
        endProgressLine();
        out.println(prefix + line);
        out.flush();
    }
}
