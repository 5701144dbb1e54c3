package org.citadel.realmfs.core.cache;

import java.util.List;

/**
 * What a build must know to go on from a layer without running the stages that made it.
 *
 * @param buildOnlyFiles rootfs paths ("/usr/sbin/policy-rc.d") of the build-only files in the tree
 * @param installedPackages the packages installed in the tree, for the build's result
 */
public record LayerNotes(List<String> buildOnlyFiles, List<String> installedPackages) {
    public static final LayerNotes NONE = new LayerNotes(List.of(), List.of());

    public LayerNotes {
        buildOnlyFiles = List.copyOf(buildOnlyFiles);
        installedPackages = List.copyOf(installedPackages);
    }
}
