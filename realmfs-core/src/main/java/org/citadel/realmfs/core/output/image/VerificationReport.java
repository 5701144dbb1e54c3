package org.citadel.realmfs.core.output.image;

import java.util.List;
import org.citadel.realmfs.core.output.image.header.ImageHeader;
import org.citadel.realmfs.core.output.image.header.Metainfo;

/**
 * What {@link RealmfsImageReader#verify} found: the header, and each check with the value computed
 * from the payload, so a failure can say what differed.
 *
 * @param signatureValid whether the header's signature is the given key's signature of the metainfo
 * @param leadingBlockZero whether a compressed payload starts with the 4096-byte zero block (false when uncompressed)
 * @param shasum the sha256 of the data blocks, as computed
 * @param verityRoot the verity root hash over the data blocks with the recorded salt, as computed
 * @param problems one sentence per failed check; empty when the image is sound
 */
public record VerificationReport(ImageHeader header, Metainfo metainfo, boolean signatureValid,
                                 boolean leadingBlockZero, String shasum, String verityRoot, List<String> problems) {
    public VerificationReport {
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }
}
