package org.citadel.realmfs.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.core.host.HostRequirements;
import org.citadel.realmfs.core.host.HostTools;

/** Whether this host can build images for tests: root and debootstrap; else what to do about it. */
final class HostReadiness {
    private HostReadiness() {
    }

    /** Empty when builds can run; else one sentence saying what is missing and what to do. */
    static Optional<String> problem() {
        List<String> missing = new ArrayList<>();
        if (!HostRequirements.isRoot()) {
            missing.add("root (mounts, chroot, file owners): run the tests as root, e.g. sudo mvn verify");
        }
        try {
            HostTools.onCommandPath().require("debootstrap", "debootstrap", "bootstraps the base system");
        } catch (HostRequirementException e) {
            missing.add("debootstrap: apt-get install debootstrap (bin/install-host-tools installs every tool)");
        }
        return describe(missing);
    }

    /** The sentence for what is {@code missing}: each thing, what to do, and how to skip instead. */
    static Optional<String> describe(List<String> missing) {
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("@RealmfsTest builds real images, and this host lacks " + String.join("; and ", missing)
                + ". To skip such tests on hosts like this instead of failing, use @RealmfsTest(skipWhenUnavailable"
                + " = true) or -D" + RealmfsExtension.SKIP_PROPERTY + "=true");
    }
}
