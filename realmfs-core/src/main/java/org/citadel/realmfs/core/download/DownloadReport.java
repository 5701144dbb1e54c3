package org.citadel.realmfs.core.download;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link ParallelDownloader} run did.
 *
 * @param failures one line per file not downloaded: its name and why
 */
public record DownloadReport(int downloaded, long bytes, List<String> failures, Duration took) {
    public DownloadReport {
        failures = List.copyOf(failures);
    }
}
