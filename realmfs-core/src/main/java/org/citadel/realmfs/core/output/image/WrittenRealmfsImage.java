package org.citadel.realmfs.core.output.image;

import java.nio.file.Path;
import java.util.Optional;
import org.citadel.realmfs.api.CitadelHostKey;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.output.image.header.Metainfo;

/**
 * What {@link RealmfsImageWriter} wrote: the image, the hash tree beside it, the metainfo in the
 * image's header, and the public key that verifies its signature.
 */
public record WrittenRealmfsImage(Path image, Path hashTree, Metainfo metainfo, Optional<VerifyingKey> publicKey) {

    /** For a channel other than {@code dev}: what the Citadel host must be told to accept the image. */
    public Optional<CitadelHostKey> hostKey() {
        return metainfo.channel().equals(RealmfsImageOutput.DEV_CHANNEL) ? Optional.empty()
                : publicKey.map(key -> new CitadelHostKey(metainfo.channel(), key.hex()));
    }
}
