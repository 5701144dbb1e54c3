package org.citadel.realmfs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.citadel.realmfs.api.Ext4Output;
import org.citadel.realmfs.api.Output;

/**
 * Which outputs the options ask for; each is written into the work directory under the original
 * builder's name.
 */
public record OutputSelection(boolean tar, boolean tarXz, boolean ext4, Optional<RealmfsImageSettings> realmfsImage) {
    public static final String TAR_NAME = "realmfs.tar";
    public static final String TAR_XZ_NAME = "realmfs.tar.xz";
    public static final String EXT4_NAME = "realmfs.img";

    public OutputSelection {
        Objects.requireNonNull(realmfsImage, "realmfsImage");
    }

    public boolean isEmpty() {
        return !tar && !tarXz && !ext4 && realmfsImage.isEmpty();
    }

    public List<Output> outputs(Path workDirectory) {
        List<Output> outputs = new ArrayList<>();
        if (tar) {
            outputs.add(Output.tar(workDirectory.resolve(TAR_NAME)));
        }
        if (tarXz) {
            outputs.add(Output.tarXz(workDirectory.resolve(TAR_XZ_NAME)));
        }
        if (ext4) {
            // As the original builder made it: a fixed 1.36 GB, so Citadel can resize it later.
            outputs.add(Output.ext4(workDirectory.resolve(EXT4_NAME), Ext4Output.ORIGINAL_SIZE_BYTES));
        }
        realmfsImage.ifPresent(settings -> outputs.add(settings.output(workDirectory)));
        return List.copyOf(outputs);
    }
}
