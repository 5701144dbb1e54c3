package org.citadel.realmfs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
            // PLACEHOLDER: Output.ext4(...) once the API has it.
            outputs.add(new PendingOutput.Ext4(workDirectory.resolve(EXT4_NAME)));
        }
        realmfsImage.ifPresent(settings -> outputs.add(
                // PLACEHOLDER: the API's RealmFS image output once it exists.
                new PendingOutput.RealmfsImage(workDirectory.resolve(settings.fileName()), settings)));
        return List.copyOf(outputs);
    }

    /**
     * PLACEHOLDER: refuses outputs the engine cannot write yet, before anything is built. Goes away with
     * {@link PendingOutput}.
     */
    static void requireAvailable(List<Output> outputs) {
        for (Output output : outputs) {
            if (output instanceof PendingOutput pending) {
                throw new UsageException("The " + pending.kind() + " output (" + pending.option()
                        + ") is not available in this version of realmfs-builder yet; use -t or -z");
            }
        }
    }
}
