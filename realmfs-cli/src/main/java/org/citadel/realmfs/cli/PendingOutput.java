package org.citadel.realmfs.cli;

import java.nio.file.Path;
import java.util.Objects;
import org.citadel.realmfs.api.Output;

/**
 * PLACEHOLDER until the API has these outputs: the ext4 image ({@code -i}) and the RealmFS image file
 * ({@code -r}). They carry what the options asked for, so parsing is done and tested, but the command
 * refuses to build with them (see {@link OutputSelection#requireAvailable}). To connect them, make
 * {@link OutputSelection} create {@code Output.ext4(path)} and the RealmFS image output instead, then
 * delete this type and that check.
 */
public sealed interface PendingOutput extends Output {

    /** The option that asked for this output, for the message that it is not available yet. */
    String option();

    /** An ext4 filesystem image of the rootfs, made as the original builder made it. */
    record Ext4(Path path) implements PendingOutput {
        public Ext4 {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String kind() {
            return "ext4";
        }

        @Override
        public String option() {
            return "-i";
        }
    }

    /** A RealmFS image file: header, ext4 data and dm-verity, signed as {@code settings} say. */
    record RealmfsImage(Path path, RealmfsImageSettings settings) implements PendingOutput {
        public RealmfsImage {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public String kind() {
            return "realmfs";
        }

        @Override
        public String option() {
            return "-r";
        }
    }
}
