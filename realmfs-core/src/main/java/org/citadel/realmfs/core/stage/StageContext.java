package org.citadel.realmfs.core.stage;

import java.net.URI;
import java.nio.file.Path;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.archive.ArchiveProbe;
import org.citadel.realmfs.core.archive.SourceDateEpoch;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.packagecache.BuildArchives;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.sandbox.Mounts;

/**
 * What every stage of one build works with. Lives on the sandbox thread, for the length of one build.
 *
 * @param release what the mirror (the recipe's, or the host's) said about the release: the archive's state
 * @param sourceDateEpoch the time the build dates its files with
 * @param commands how the build runs its commands, chrooted into the rootfs or on the host
 * @param packageArchives this build's own archives directory in the shared package cache
 */
public record StageContext(
        RealmfsBuild recipe,
        BuildOptions options,
        ArchiveProbe.ReleaseState release,
        SourceDateEpoch sourceDateEpoch,
        Mounts mounts,
        BuildCommands commands,
        BuildArchives packageArchives) {

    /** The resolved Debian mirror the build installs from. */
    public URI mirror() {
        return release.mirror();
    }

    public EventDispatcher events() {
        return commands.events();
    }

    /** The rootfs directory on the host, the one the build's commands chroot into. */
    public Path rootfs() {
        return commands.rootfs();
    }

    /** The rootfs's files, every path resolved inside it: the only way stages touch them from the host side. */
    public RootfsFiles rootfsFiles() {
        return new RootfsFiles(rootfs());
    }
}
