package org.citadel.realmfs.core.output;

import java.nio.file.Path;
import java.util.Map;
import org.citadel.realmfs.api.CitadelHostKey;
import org.citadel.realmfs.api.Output;

/**
 * What {@link WriteOutputsStage} wrote: each output's final path, and for RealmFS images of a channel other
 * than {@code dev} the key configuration a Citadel host needs.
 */
public record WrittenOutputs(Map<Output, Path> paths, Map<Output, CitadelHostKey> hostKeys) {
    public WrittenOutputs {
        paths = Map.copyOf(paths);
        hostKeys = Map.copyOf(hostKeys);
    }
}
