package org.citadel.realmfs.core.stage;

import java.net.URI;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.engine.WorkDirectory;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.packagecache.BuildArchives;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.sandbox.Mounts;

/**
 * What every stage of one build works with. Lives on the sandbox thread, for the length of one build.
 *
 * @param mirror the resolved Debian mirror (the recipe's, or the host's)
 * @param packageArchives this build's own archives directory in the shared package cache
 */
public record StageContext(
        RealmfsBuild recipe,
        BuildOptions options,
        WorkDirectory work,
        URI mirror,
        Mounts mounts,
        CommandRunner commands,
        BuildArchives packageArchives) {

    public EventDispatcher events() {
        return commands.events();
    }

    /** The rootfs's files, every path resolved inside it: the only way stages touch them from the host side. */
    public RootfsFiles rootfsFiles() {
        return new RootfsFiles(work.rootfs());
    }
}
