package org.citadel.realmfs.core.cache;

/** A layer's tar as written: its SHA-256, size and number of entries. */
public record WrittenTar(String sha256, long bytes, long entries) {
}
