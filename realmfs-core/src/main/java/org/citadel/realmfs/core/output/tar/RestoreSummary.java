package org.citadel.realmfs.core.output.tar;

/**
 * What a {@link RootfsTarReader} restored.
 *
 * @param entries entries restored, hard links included
 * @param contentBytes bytes of regular file contents written
 */
public record RestoreSummary(long entries, long contentBytes) {
}
