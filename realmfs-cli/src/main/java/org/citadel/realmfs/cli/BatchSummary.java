package org.citadel.realmfs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.citadel.realmfs.api.BatchEntryResult;
import org.citadel.realmfs.api.BatchResult;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.ModuleFailedException;
import org.citadel.realmfs.api.RealmfsException;

/**
 * The table printed after a batch: one row per build, in the order of the command line, with its
 * result, time and what it wrote (or where it failed); then, on standard error, each failure's message.
 */
final class BatchSummary {
    private BatchSummary() {
    }

    static String table(BatchResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "RESULT", "TIME", "OUTPUT"});
        for (BatchEntryResult entry : result.entries()) {
            rows.add(new String[] {entry.name(), outcome(entry), Durations.format(entry.took()), output(entry)});
        }
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Batch finished in %s: %d built, %d failed, %d cancelled%n",
                Durations.format(result.took()), result.withOutcome(BatchEntryResult.Outcome.BUILT).size(),
                result.withOutcome(BatchEntryResult.Outcome.FAILED).size(),
                result.withOutcome(BatchEntryResult.Outcome.CANCELLED).size()));
        String format = "  %-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2] + "s  %s";
        for (String[] row : rows) {
            text.append(String.format(Locale.ROOT, format, (Object[]) row).stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** "name: message" for each entry that failed (not for those cancelled), for standard error. */
    static String failures(BatchResult result) {
        StringBuilder text = new StringBuilder();
        for (BatchEntryResult entry : result.withOutcome(BatchEntryResult.Outcome.FAILED)) {
            text.append(entry.name()).append(": ").append(entry.failure().map(RealmfsException::getMessage).orElse(""))
                    .append('\n');
        }
        return text.toString();
    }

    private static String outcome(BatchEntryResult entry) {
        return switch (entry.outcome()) {
            case BUILT -> "built";
            case CANCELLED -> "cancelled";
            case FAILED -> "FAILED";
        };
    }

    private static String output(BatchEntryResult entry) {
        if (entry.result().isPresent()) {
            BuildResult built = entry.result().get();
            List<String> written = built.outputs().values().stream().map(Path::toString)
                    .sorted(Comparator.naturalOrder()).toList();
            if (!written.isEmpty()) {
                return String.join(" ", written);
            }
            return built.rootfs().map(Path::toString).orElse(built.workDirectory().toString());
        }
        RealmfsException failure = entry.failure().orElseThrow();
        if (failure instanceof ModuleFailedException module) {
            return "module '" + module.moduleName() + "' failed (" + module.stage().description() + ")";
        }
        if (failure instanceof BuildFailedException failed && failed.stage() != null) {
            return "failed to " + failed.stage().description();
        }
        if (failure instanceof BuildCancelledException cancelled) {
            return "cancelled (" + cancelled.reason() + ") " + BuildCancelledException.during(cancelled.stage());
        }
        return firstLine(failure.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
