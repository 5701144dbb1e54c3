package org.citadel.realmfs.api;

import java.nio.file.Path;

/**
 * What a build writes besides its log. Outputs are written after the rootfs is finished, under a
 * temporary name first and renamed into place, so a failed build never leaves a half-written file
 * under the final name. Sealed: every kind an engine must write is known when the options are built.
 */
public sealed interface Output permits TarOutput, Ext4Output, RealmfsImageOutput {

    /** A short name for events and messages, such as "tar" or "ext4". */
    String kind();

    /** The file or directory this output produces. */
    Path path();

    /** A tar archive of the rootfs: numeric owners, modes, links, device nodes and xattrs preserved. */
    static TarOutput tar(Path file) {
        return new TarOutput(file, TarOutput.Compression.NONE);
    }

    /** An xz-compressed tar archive of the rootfs. */
    static TarOutput tarXz(Path file) {
        return new TarOutput(file, TarOutput.Compression.XZ);
    }

    /** An ext4 image of the rootfs, sized from its content with headroom. */
    static Ext4Output ext4(Path file) {
        return new Ext4Output(file, java.util.OptionalLong.empty());
    }

    /** An ext4 image of the rootfs with a fixed size in bytes (a multiple of 4096). */
    static Ext4Output ext4(Path file, long sizeBytes) {
        return new Ext4Output(file, java.util.OptionalLong.of(sizeBytes));
    }

    /** A signed RealmFS image file in {@code directory}, with the defaults of {@link RealmfsImageOutput.Builder}. */
    static RealmfsImageOutput realmfsImage(Path directory) {
        return RealmfsImageOutput.builder(directory).build();
    }
}
