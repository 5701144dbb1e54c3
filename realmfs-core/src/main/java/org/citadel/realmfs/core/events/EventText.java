package org.citadel.realmfs.core.events;

import java.time.Duration;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildEvent;

/** One line of text for an event, as the build log and simple listeners show it. */
public final class EventText {
    private EventText() {
    }

    public static String describe(BuildEvent event) {
        if (event instanceof BuildEvent.StageStarted e) {
            return "==> " + e.stage().description();
        } else if (event instanceof BuildEvent.StageFinished e) {
            return "<== " + e.stage().description() + " (" + seconds(e.took()) + ")";
        } else if (event instanceof BuildEvent.StageSkipped e) {
            return "--- skipped: " + e.stage().description() + ": " + e.reason();
        } else if (event instanceof BuildEvent.ModuleStarted e) {
            return "  -> module " + e.module();
        } else if (event instanceof BuildEvent.ModuleFinished e) {
            return "  <- module " + e.module() + " (" + seconds(e.took()) + ")";
        } else if (event instanceof BuildEvent.CommandOutput e) {
            return e.line();
        } else if (event instanceof BuildEvent.Progress e) {
            return e.what() + ": " + e.done() + "/" + e.total();
        } else if (event instanceof BuildEvent.Message e) {
            return e.text();
        } else if (event instanceof BuildEvent.Warning e) {
            return "warning: " + e.text();
        } else if (event instanceof BuildEvent.Cancelled e) {
            return "interrupted " + BuildCancelledException.during(e.stage()) + ": cleaning up (" + e.reason() + ")";
        } else if (event instanceof BuildEvent.OutputWritten e) {
            return "wrote " + e.kind() + " " + e.path();
        } else if (event instanceof BuildEvent.BuildFailed e) {
            return "build failed" + e.stage().map(s -> " during: " + s.description()).orElse("") + ": " + e.message();
        }
        return event.toString();
    }

    private static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
