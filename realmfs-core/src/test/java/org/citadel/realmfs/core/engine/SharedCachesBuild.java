package org.citadel.realmfs.core.engine;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildEvent;

/**
 * A {@link SharedCachesIT} build in a JVM of its own: {@code WORK PACKAGE_CACHE LAYER_CACHE}; prints
 * each stage it skipped ({@code skipped: STAGE}) and each message, and exits 0 if the build succeeded.
 */
public final class SharedCachesBuild {
    private SharedCachesBuild() {
    }

    public static void main(String[] args) {
        SharedCachesIT.recipe().run(Path.of(args[0]), ItSupport.options().packageCacheDirectory(Path.of(args[1]))
                .layerCacheDirectory(Path.of(args[2])).listener(event -> {
                    if (event instanceof BuildEvent.StageSkipped skipped) {
                        System.out.println("skipped: " + skipped.stage());
                    } else if (event instanceof BuildEvent.Message message) {
                        System.out.println("message: " + message.text());
                    }
                    System.out.flush();
                }).build());
    }
}
