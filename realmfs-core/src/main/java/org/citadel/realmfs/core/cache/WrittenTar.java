package org.citadel.realmfs.core.cache;

/** A layer's tar as written: its CRC-32C (8 hex digits), size and number of entries. */
public record WrittenTar(String crc32c, long bytes, long entries) {
}
