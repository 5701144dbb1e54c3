package org.citadel.realmfs.core.archive;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.InvalidRecipeException;

/**
 * The time a build dates its files with (reproducible-builds.org's {@code SOURCE_DATE_EPOCH}), and
 * where it came from: the build option, else the environment variable, else the {@code Date} of the
 * release's {@code InRelease} file, which changes only with the archive's state, so that the same
 * recipe and archive state give the same bytes without any setting.
 */
public record SourceDateEpoch(Instant instant, Origin origin) {
    public static final String VARIABLE = "SOURCE_DATE_EPOCH";

    public enum Origin {
        OPTION("the build option"),
        ENVIRONMENT("the environment variable " + VARIABLE),
        RELEASE_DATE("the Date of the release's InRelease file");

        private final String description;

        Origin(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public SourceDateEpoch {
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(origin, "origin");
    }

    /** The option, else {@code environment}'s {@value #VARIABLE}, else the release's date. */
    public static SourceDateEpoch resolve(BuildOptions options, Map<String, String> environment,
            ArchiveProbe.ReleaseState release) {
        if (options.sourceDateEpoch().isPresent()) {
            return new SourceDateEpoch(options.sourceDateEpoch().get(), Origin.OPTION);
        }
        Optional<Instant> fromEnvironment = fromVariable(environment.get(VARIABLE));
        if (fromEnvironment.isPresent()) {
            return new SourceDateEpoch(fromEnvironment.get(), Origin.ENVIRONMENT);
        }
        return new SourceDateEpoch(release.date().orElseThrow(() -> new HostRequirementException("The InRelease"
                + " file of " + release.release() + " on " + release.mirror() + " has no readable Date field, which"
                + " dates the build's files by default: set " + VARIABLE + " (or the build option sourceDateEpoch)"
                + " to date them, or use another mirror")), Origin.RELEASE_DATE);
    }

    /**
     * Reads a {@value #VARIABLE} value: whole seconds since 1970 (an empty value counts as unset, as
     * other tools treat it); anything else is refused rather than ignored, since ignoring it would
     * silently give other bytes than the caller asked for.
     */
    public static Optional<Instant> fromVariable(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            Instant instant = Instant.ofEpochSecond(Long.parseLong(value.strip()));
            return Optional.of(BuildOptions.builder().sourceDateEpoch(instant).build().sourceDateEpoch().orElseThrow());
        } catch (NumberFormatException | InvalidRecipeException e) {
            throw new InvalidRecipeException(VARIABLE + "='" + value + "' is not a number of seconds since"
                    + " 1970-01-01 (such as 1735689600); set it to one, or unset it to date the files with the"
                    + " release's InRelease date");
        }
    }

    public long seconds() {
        return instant.getEpochSecond();
    }

    @Override
    public String toString() {
        return seconds() + " (" + instant + ", from " + origin.description() + ")";
    }
}
