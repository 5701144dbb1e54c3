package org.citadel.realmfs.testing;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.citadel.realmfs.testing.tree.RootfsTree;

/** The packages dpkg records as installed in a rootfs ({@code /var/lib/dpkg/status}), by name, with their versions. */
final class DpkgStatus {
    static final String PATH = "/var/lib/dpkg/status";

    private final Map<String, String> versions;

    private DpkgStatus(Map<String, String> versions) {
        this.versions = versions;
    }

    /** Empty when the rootfs has no dpkg status file. */
    static DpkgStatus of(RootfsTree tree) {
        Map<String, String> versions = new TreeMap<>();
        if (tree.resolve(PATH).isEmpty()) {
            return new DpkgStatus(versions);
        }
        for (String stanza : tree.text(PATH).split("\n\n")) {
            String name = null;
            String version = "";
            boolean installed = false;
            for (String line : stanza.split("\n")) {
                if (line.startsWith("Package: ")) {
                    name = line.substring("Package: ".length()).strip();
                } else if (line.startsWith("Version: ")) {
                    version = line.substring("Version: ".length()).strip();
                } else if (line.startsWith("Status: ")) {
                    installed = line.strip().endsWith(" installed");
                }
            }
            if (name != null && installed) {
                versions.put(name, version);
            }
        }
        return new DpkgStatus(versions);
    }

    Optional<String> version(String packageName) {
        return Optional.ofNullable(versions.get(packageName));
    }

    /** Name and version of every installed package, sorted: {@code less 643-1, ...}. */
    String describe() {
        StringBuilder s = new StringBuilder();
        versions.forEach((name, version) -> s.append(s.length() == 0 ? "" : ", ").append(name).append(' ').append(version));
        return versions.size() + " packages: " + s;
    }
}
