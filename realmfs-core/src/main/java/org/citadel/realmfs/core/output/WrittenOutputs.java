package org.citadel.realmfs.core.output;

import java.nio.file.Path;
import java.util.Map;
import org.citadel.realmfs.api.CitadelHostKey;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.Sbom;

/**
 * What {@link WriteOutputsStage} wrote: each output's final path, for RealmFS images of a channel other
 * than {@code dev} the key configuration a Citadel host needs, the rootfs's SBOM and its file beside each output.
 */
public record WrittenOutputs(Map<Output, Path> paths, Map<Output, CitadelHostKey> hostKeys, Sbom sbom,
                             Map<Output, Path> sbomFiles) {
    public WrittenOutputs {
        paths = Map.copyOf(paths);
        hostKeys = Map.copyOf(hostKeys);
        java.util.Objects.requireNonNull(sbom, "sbom");
        sbomFiles = Map.copyOf(sbomFiles);
    }
}
