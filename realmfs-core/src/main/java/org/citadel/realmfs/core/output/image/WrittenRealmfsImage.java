package org.citadel.realmfs.core.output.image;

import java.nio.file.Path;
import java.util.Optional;
import org.citadel.realmfs.core.output.image.header.Metainfo;

/**
 * What {@link RealmfsImageWriter} wrote: the image, the hash tree beside it, the metainfo in the
 * image's header, and the public key that verifies its signature (empty when unsigned).
 */
public record WrittenRealmfsImage(Path image, Path hashTree, Metainfo metainfo, Optional<VerifyingKey> publicKey) {
}
