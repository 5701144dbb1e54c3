package org.citadel.realmfs.core.output.image.verity;

/**
 * What a hash tree computation found: the root hash and salt as lowercase hex (as Citadel records
 * them in {@code verity-root} and {@code verity-salt}) and the sizes.
 *
 * @param dataBlocks the number of 4096-byte data blocks hashed ({@code --data-blocks})
 * @param hashFileBytes the size of the hash file written, superblock included
 */
public record VerityResult(String rootHash, String salt, long dataBlocks, long hashFileBytes) {
}
