package org.citadel.realmfs.core.stage;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;

/**
 * Reads debootstrap's output line by line and reports its package counts: each package validated
 * (downloaded or found in the package cache) counts towards a total not known yet; extracting,
 * unpacking and configuring then count against the packages validated.
 */
public final class DebootstrapProgress implements Consumer<String> {
    /** "I: Validating libc6 2.36-9": one package; not "I: Validating Packages" (the index). */
    private static final Pattern VALIDATING = Pattern.compile("^I: Validating (\\S+) (\\S+)$");
    /** "I: Unpacking libc6...", not "I: Unpacking required packages..." nor "I: Unpacking the base system...". */
    private static final Pattern STEP = Pattern.compile("^I: (Extracting|Unpacking|Configuring) ([^ .][^ ]*?)\\.\\.\\.$");

    private final Consumer<BuildEvent> events;
    private long validated;
    private String step = "";
    private long stepDone;

    public DebootstrapProgress(Consumer<BuildEvent> events) {
        this.events = events;
    }

    @Override
    public void accept(String printed) {
        String line = printed.strip();
        Matcher validating = VALIDATING.matcher(line);
        if (validating.matches() && !validating.group(1).equals("Packages")) {
            events.accept(new BuildEvent.Progress(Stage.BOOTSTRAP, "retrieve packages", ++validated, 0));
            return;
        }
        Matcher step = STEP.matcher(line);
        if (step.matches() && validated > 0) {
            String what = step.group(1).toLowerCase(java.util.Locale.ROOT) + " packages";
            if (!what.equals(this.step)) {
                this.step = what;
                stepDone = 0;
            }
            events.accept(new BuildEvent.Progress(Stage.BOOTSTRAP, what, Math.min(++stepDone, validated), validated));
        }
    }
}
