package org.citadel.realmfs.core.linux;

/**
 * How large a filesystem is and how much of it an unprivileged writer may still use (root may use
 * a few percent more on ext4, but a build should not count on the reserve).
 */
public record FilesystemSpace(long totalBytes, long availableBytes) {
}
