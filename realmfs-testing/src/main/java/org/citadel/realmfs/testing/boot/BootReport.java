package org.citadel.realmfs.testing.boot;

import java.time.Duration;
import java.util.List;

/**
 * What a boot of a rootfs showed.
 *
 * @param state       what {@code systemctl is-system-running} said last ("running", "degraded", "starting", ...),
 *                    or why it could not be asked
 * @param failedUnits the units {@code systemctl --failed} listed
 * @param journal     the last lines of the container's journal
 * @param console     the last lines the container printed on its console
 * @param took        from starting systemd-nspawn to the last state
 */
public record BootReport(String state, boolean timedOut, List<String> failedUnits, List<String> journal,
                         List<String> console, Duration took) {
    public BootReport {
        failedUnits = List.copyOf(failedUnits);
        journal = List.copyOf(journal);
        console = List.copyOf(console);
    }

    /** The system finished starting: {@code running}, or {@code degraded} (some unit failed). */
    public boolean isUp() {
        return state.equals("running") || state.equals("degraded");
    }

    /** One paragraph for a failure message. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(timedOut ? "it was still '" + state + "' after " : "it reached '" + state + "' after ")
                .append(String.format("%.1f s", took.toMillis() / 1000.0));
        s.append(failedUnits.isEmpty() ? "; no unit failed" : "; failed units: " + String.join(", ", failedUnits));
        if (!journal.isEmpty()) {
            s.append("\nlast journal lines:\n  ").append(String.join("\n  ", journal));
        } else if (!console.isEmpty()) {
            s.append("\nlast console lines:\n  ").append(String.join("\n  ", console));
        }
        return s.toString();
    }
}
