package org.citadel.realmfs.core.stage;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;

/**
 * Reads apt-get's output line by line and reports how far downloading, unpacking and setting up
 * have come, once apt has said how many packages it will install.
 */
public final class AptProgress implements Consumer<String> {
    private static final Pattern SUMMARY = Pattern.compile(
            "^(\\d+) upgraded, (\\d+) newly installed, (\\d+) (?:to remove|removed).*");

    private final Consumer<BuildEvent> events;
    private long total;
    private long downloaded;
    private long unpacked;
    private long configured;

    public AptProgress(Consumer<BuildEvent> events) {
        this.events = events;
    }

    @Override
    public void accept(String line) {
        Matcher summary = SUMMARY.matcher(line);
        if (summary.matches()) {
            total = Long.parseLong(summary.group(1)) + Long.parseLong(summary.group(2));
            downloaded = unpacked = configured = 0;
        } else if (total == 0) {
            return;
        } else if (line.startsWith("Get:")) {
            report("downloading packages", ++downloaded);
        } else if (line.startsWith("Unpacking ")) {
            report("unpacking packages", ++unpacked);
        } else if (line.startsWith("Setting up ")) {
            report("setting up packages", ++configured);
        }
    }

    private void report(String what, long done) {
        events.accept(new BuildEvent.Progress(Stage.INSTALL_PACKAGES, what, Math.min(done, total), total));
    }
}
