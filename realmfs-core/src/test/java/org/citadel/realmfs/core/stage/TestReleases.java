package org.citadel.realmfs.core.stage;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.citadel.realmfs.core.archive.ArchiveProbe;
import org.citadel.realmfs.core.archive.SourceDateEpoch;

/** The archive state and source date epoch of stage contexts that tests make without probing a mirror. */
public final class TestReleases {
    /** 2025-01-01T00:00:00Z. */
    public static final SourceDateEpoch EPOCH = new SourceDateEpoch(Instant.ofEpochSecond(1735689600L),
            SourceDateEpoch.Origin.OPTION);

    private TestReleases() {
    }

    /** trixie on {@code mirror}, with a made-up InRelease digest and {@link #EPOCH} as its date. */
    public static ArchiveProbe.ReleaseState trixie(URI mirror) {
        return new ArchiveProbe.ReleaseState(mirror, "trixie", "trixie", "0".repeat(64), Optional.of(EPOCH.instant()));
    }

    public static ArchiveProbe.ReleaseState trixie(String mirror) {
        return trixie(URI.create(mirror));
    }
}
