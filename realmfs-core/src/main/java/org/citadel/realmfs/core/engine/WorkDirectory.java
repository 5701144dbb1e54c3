package org.citadel.realmfs.core.engine;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.core.events.BuildLog;

/** Where a build keeps its things inside the caller's work directory. */
public record WorkDirectory(Path root, Path rootfs, Path packageCache, Path layerCache, Path layerView,
                            Path buildLog, Path lockFile) {

    public static WorkDirectory of(Path directory, BuildOptions options) {
        Path root = directory.toAbsolutePath().normalize();
        return new WorkDirectory(root, root.resolve("rootfs"),
                options.packageCacheDirectory().map(p -> p.toAbsolutePath().normalize())
                        .orElse(root.resolve("package-cache")),
                options.layerCacheDirectory().map(p -> p.toAbsolutePath().normalize())
                        .orElse(root.resolve("layer-cache")),
                root.resolve("layer-view"),
                root.resolve(BuildLog.FILE_NAME), root.resolve(".realmfs-build.lock"));
    }

    /** Where the base of the build's ext4 images is made ({@link Ext4Bases}): the build's own, emptied when it starts and ends. */
    public Path ext4Base() {
        return root.resolve(Ext4Bases.SCRATCH);
    }
}
