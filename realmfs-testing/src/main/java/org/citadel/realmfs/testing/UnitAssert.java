package org.citadel.realmfs.testing;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.citadel.realmfs.testing.tree.RootfsEntry;

/** Assertions on one systemd unit of a rootfs, read from its files and enablement symlinks (nothing runs). */
public final class UnitAssert extends AbstractAssert<UnitAssert, String> {
    private final SystemdUnits units;
    private final String source;

    UnitAssert(String unit, SystemdUnits units, String source) {
        super(unit, UnitAssert.class);
        this.units = units;
        this.source = source;
    }

    /** A unit file of this name is in a unit directory ({@code /etc/systemd/system}, {@code /usr/lib/systemd/system}). */
    public UnitAssert exists() {
        unitFile();
        return this;
    }

    /**
     * The unit is enabled: a symlink named as it is in a {@code .wants}, {@code .requires} or
     * {@code .upholds} directory of {@code /etc/systemd/system}, and it leads to the unit file.
     */
    public UnitAssert isEnabled() {
        String file = unitFile();
        List<RootfsEntry> links = units.enablementLinks(actual);
        if (links.isEmpty()) {
            failWithMessage("%s", "Expected " + actual + " enabled in " + source + ", but no symlink in "
                    + SystemdUnits.ENABLED_DIRECTORY + "/*.wants (or .requires, .upholds) names it; its unit file "
                    + file + " has " + units.installSection(file) + "; the enabled units are: " + enabledUnits());
        }
        for (RootfsEntry link : links) {
            Optional<RootfsEntry> target = units.target(link);
            if (target.isEmpty()) {
                failWithMessage("%s", "Expected " + actual + " enabled in " + source + ", but its enablement symlink"
                        + " dangles: " + link);
            }
        }
        return this;
    }

    /** No enablement symlink names the unit. */
    public UnitAssert isNotEnabled() {
        List<RootfsEntry> links = units.enablementLinks(actual);
        if (!links.isEmpty()) {
            failWithMessage("%s", "Expected " + actual + " not enabled in " + source + ", but it is: "
                    + links.stream().map(RootfsEntry::toString).collect(Collectors.joining("; ")));
        }
        return this;
    }

    private String unitFile() {
        Optional<String> file = units.unitFile(actual);
        if (file.isEmpty()) {
            failWithMessage("%s", "Expected a unit " + actual + " in " + source + ", but none of "
                    + String.join(", ", SystemdUnits.UNIT_DIRECTORIES) + " has it");
        }
        return file.get();
    }

    private String enabledUnits() {
        List<RootfsEntry> all = units.allEnablementLinks();
        return all.isEmpty() ? "none" : all.stream().map(e -> e.path().substring(SystemdUnits.ENABLED_DIRECTORY.length() + 1))
                .collect(Collectors.joining(", "));
    }
}
