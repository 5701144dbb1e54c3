package org.citadel.realmfs.testing;

import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.testing.tree.EntryType;
import org.citadel.realmfs.testing.tree.RootfsEntry;
import org.citadel.realmfs.testing.tree.RootfsTree;

/**
 * A rootfs's systemd units as {@code systemctl enable} leaves them: unit files in the unit
 * directories, and the symlinks naming them in {@code /etc/systemd/system/*.wants} (or
 * {@code .requires}, {@code .upholds}) that make them start.
 */
final class SystemdUnits {
    static final String ENABLED_DIRECTORY = "/etc/systemd/system";
    static final List<String> UNIT_DIRECTORIES = List.of("/etc/systemd/system", "/usr/lib/systemd/system",
            "/lib/systemd/system");

    private final RootfsTree tree;

    SystemdUnits(RootfsTree tree) {
        this.tree = tree;
    }

    /** The unit file's path, from the first unit directory that has it. */
    Optional<String> unitFile(String unit) {
        return UNIT_DIRECTORIES.stream().map(d -> d + "/" + unit).filter(p -> tree.resolve(p).isPresent()).findFirst();
    }

    /** The enablement symlinks of {@code unit}: named as the unit, in a {@code .wants/.requires/.upholds} directory. */
    List<RootfsEntry> enablementLinks(String unit) {
        return allEnablementLinks().stream().filter(e -> e.name().equals(unit)).toList();
    }

    /** Every enablement symlink under {@code /etc/systemd/system}. */
    List<RootfsEntry> allEnablementLinks() {
        return tree.entriesUnder(ENABLED_DIRECTORY).stream()
                .filter(e -> e.type() == EntryType.SYMLINK && isEnablementDirectory(parent(e.path())))
                .toList();
    }

    /** The link's target, resolved in the rootfs; empty when it dangles. */
    Optional<RootfsEntry> target(RootfsEntry link) {
        return tree.resolve(link.path());
    }

    /** The unit file's {@code [Install]} section, or a sentence saying it has none. */
    String installSection(String unitFile) {
        Optional<RootfsEntry> file = tree.resolve(unitFile);
        if (file.isEmpty() || file.get().type() != EntryType.FILE) {
            return "(no unit file but " + tree.entry(unitFile).map(RootfsEntry::toString).orElse("nothing")
                    + ": a link to /dev/null is a masked unit)";
        }
        String text = tree.text(unitFile);
        int start = text.indexOf("[Install]");
        if (start < 0) {
            return "(no [Install] section: such a unit is static and cannot be enabled)";
        }
        int end = text.indexOf("\n[", start + 1);
        return text.substring(start, end < 0 ? text.length() : end).strip().replace('\n', ' ');
    }

    private static boolean isEnablementDirectory(String dir) {
        return dir.endsWith(".wants") || dir.endsWith(".requires") || dir.endsWith(".upholds");
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }
}
