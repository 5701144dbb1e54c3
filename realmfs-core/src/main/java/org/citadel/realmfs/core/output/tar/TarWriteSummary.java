package org.citadel.realmfs.core.output.tar;

/**
 * What a {@link RootfsTarWriter} archived.
 *
 * @param entries entries written, hard links included
 * @param contentBytes bytes of regular file contents written
 * @param socketsOmitted sockets left out
 * @param mountPointsNotCrossed directories on other filesystems whose contents were left out
 */
public record TarWriteSummary(long entries, long contentBytes, long socketsOmitted, long mountPointsNotCrossed) {
}
