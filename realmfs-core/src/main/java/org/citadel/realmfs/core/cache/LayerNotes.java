package org.citadel.realmfs.core.cache;

import java.util.List;

/**
 * What a build must know to go on from a layer without running the stages that made it.
 *
 * @param buildOnlyFiles rootfs paths ("/usr/sbin/policy-rc.d") of the build-only files in the tree
 * @param installedPackages the packages installed in the tree, for the build's result
 * @param shellState bash code re-creating what the pre-install modules left in the build's shell
 *        session (a package layer), for the post-install session of a build that restores the layer
 */
public record LayerNotes(List<String> buildOnlyFiles, List<String> installedPackages, String shellState) {
    public static final LayerNotes NONE = new LayerNotes(List.of(), List.of(), "");

    public LayerNotes {
        buildOnlyFiles = List.copyOf(buildOnlyFiles);
        installedPackages = List.copyOf(installedPackages);
    }
}
