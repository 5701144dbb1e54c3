package org.citadel.realmfs.core.engine;

import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.archive.ArchiveProbe;
import org.citadel.realmfs.core.cache.DebootstrapIdentity;
import org.citadel.realmfs.core.cache.LayerCache;
import org.citadel.realmfs.core.cache.LayerKeys;
import org.citadel.realmfs.core.cache.LayerStore;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.modules.ShellRuntime;

/** Opens the layer cache a build's options ask for, clearing it first if asked. */
final class LayerCacheSetup {
    private LayerCacheSetup() {
    }

    static LayerCache forBuild(RealmfsBuild recipe, BuildOptions options, WorkDirectory work,
                               ArchiveProbe.ReleaseState release, EventDispatcher events) {
        if (!options.useLayerCache() && !options.clearLayerCache()) {
            events.message(Stage.BOOTSTRAP, "the layer cache is off for this build");
            return LayerCache.disabled();
        }
        LayerStore store = LayerStore.open(work.layerCache());
        if (options.clearLayerCache()) {
            store.clear();
            events.message(Stage.BOOTSTRAP, "cleared the layer cache " + store.directory());
        }
        if (!options.useLayerCache()) {
            events.message(Stage.BOOTSTRAP, "the layer cache is off for this build");
            return LayerCache.disabled();
        }
        LayerKeys keys = new LayerKeys(release.mirror(), release.inReleaseSha256(),
                DebootstrapIdentity.of(HostTools.onCommandPath().debootstrap()),
                ShellRuntime.identity(), ShellRuntime.code());
        return LayerCache.of(store, keys.chain(recipe), options.layerCacheSizeLimit(), events, options.cancellation());
    }
}
