package org.citadel.realmfs.api;

import java.util.Optional;

/**
 * The build stopped because its {@link BuildCancellation} was cancelled. By then its processes are
 * gone, nothing it mounted is left, and no half-written output remains; a kept rootfs is not kept.
 */
public class BuildCancelledException extends RealmfsException {
    private static final long serialVersionUID = 1L;

    private final Stage stage;
    private final String reason;

    /**
     * @param stage the stage the build was in, or null if none had started yet
     * @param cause what the build failed with when its command was killed, or null
     */
    public BuildCancelledException(Stage stage, String reason, Throwable cause) {
        super("The build was cancelled (" + reason + ") " + during(Optional.ofNullable(stage))
                + "; it stopped and cleaned up. Run it again to build.", cause);
        this.stage = stage;
        this.reason = reason;
    }

    /** The stage the build was in when cancelled; empty if it was cancelled before its first stage. */
    public Optional<Stage> stage() {
        return Optional.ofNullable(stage);
    }

    public String reason() {
        return reason;
    }

    /** "during install packages", or "before its first stage". */
    public static String during(Optional<Stage> stage) {
        return stage.map(s -> "during " + s.description()).orElse("before its first stage");
    }
}
