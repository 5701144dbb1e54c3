package org.citadel.realmfs.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them: "4.2 s", "3 min 07 s", "1 h 02 min". */
final class Durations {
    private Durations() {
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
}
