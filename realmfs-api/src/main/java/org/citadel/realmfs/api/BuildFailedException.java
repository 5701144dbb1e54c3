package org.citadel.realmfs.api;

import java.util.List;

/**
 * A build step failed. Carries the stage it failed in and the last lines the failing command
 * printed, so the caller can show them without reading the build log.
 */
public class BuildFailedException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    private final Stage stage;
    private final List<String> lastOutput;

    public BuildFailedException(Stage stage, String message, List<String> lastOutput) {
        super(message + tail(lastOutput));
        this.stage = stage;
        this.lastOutput = List.copyOf(lastOutput);
    }

    public BuildFailedException(Stage stage, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.lastOutput = List.of();
    }

    public Stage stage() {
        return stage;
    }

    public List<String> lastOutput() {
        return lastOutput;
    }

    private static String tail(List<String> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        return "\nLast lines of output:\n  " + String.join("\n  ", lines);
    }
}
