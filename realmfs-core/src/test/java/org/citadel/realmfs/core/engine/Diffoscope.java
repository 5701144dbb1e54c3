package org.citadel.realmfs.core.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * diffoscope's text report on two files that should be the same, cut to a readable size and time:
 * what a reproducibility test shows when they are not. Debian's diffoscope-minimal is enough
 * (bin/install-host-tools installs it).
 */
final class Diffoscope {
    static final int MAX_REPORT_BYTES = 20_000;
    static final long TIMEOUT_SECONDS = 180;
    private static final List<Path> SEARCHED = List.of(Path.of("/usr/bin/diffoscope"), Path.of("/usr/local/bin/diffoscope"));

    private Diffoscope() {
    }

    static String summary(Path first, Path second) {
        Path diffoscope = SEARCHED.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (diffoscope == null) {
            return "(diffoscope is not installed, so there is no summary of the differences: apt-get install"
                    + " diffoscope-minimal, or run bin/install-host-tools)";
        }
        try {
            Path report = Files.createTempFile("diffoscope", ".txt");
            try {
                Process process = new ProcessBuilder(diffoscope.toString(), "--text", "-", "--no-progress",
                        "--max-report-size", Integer.toString(MAX_REPORT_BYTES), "--max-diff-block-lines", "40",
                        first.toString(), second.toString())
                        .redirectErrorStream(true).redirectOutput(report.toFile()).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    return "(diffoscope gave no summary within " + TIMEOUT_SECONDS + " s; compare the files by hand)\n"
                            + head(report);
                }
                return head(report);
            } finally {
                Files.deleteIfExists(report);
            }
        } catch (IOException e) {
            return "(diffoscope could not run: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while diffoscope ran)";
        }
    }

    private static String head(Path report) throws IOException {
        byte[] bytes = Files.readAllBytes(report);
        int length = Math.min(bytes.length, 2 * MAX_REPORT_BYTES);
        return new String(bytes, 0, length, StandardCharsets.UTF_8) + (length < bytes.length ? "\n[cut]" : "");
    }
}
