package org.citadel.realmfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsImageOutput;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code -r} makes the RealmFS image file Citadel installs.
 *
 * @param channel the update channel written into the header, such as {@code dev}
 * @param version the image version, which also names the file
 * @param signKey a file holding an ed25519 seed as 64 hex digits; empty to sign {@code dev} with the
 *                published development key and leave other channels unsigned
 * @param compress whether the payload is xz-compressed
 */
public record RealmfsImageSettings(String channel, int version, Optional<Path> signKey, boolean compress) {
    public static final String DEFAULT_CHANNEL = "dev";

    public RealmfsImageSettings {
        if (channel == null || !channel.matches("[a-z0-9][a-z0-9-]*")) {
            throw new UsageException("Channel '" + channel
                    + "' must be lower case letters, digits and '-', such as 'dev' or 'stable'");
        }
        if (version < 0) {
            throw new UsageException("Image version " + version + " must be zero or more");
        }
        Objects.requireNonNull(signKey, "signKey");
    }

    /** The API output for these settings, written into {@code directory}; reads the key file now. */
    public RealmfsImageOutput output(Path directory) {
        RealmfsImageOutput.Builder output = RealmfsImageOutput.builder(directory)
                .channel(channel)
                .version(version)
                .compressed(compress);
        signKey.ifPresent(file -> output.signingKeyHex(readKey(file)));
        try {
            return output.build();
        } catch (InvalidRecipeException e) {
            throw new UsageException(signKey.map(f -> f + ": ").orElse("") + e.getMessage());
        }
    }

    private static String readKey(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UsageException("Cannot read the signing key file " + file + ": " + e.getMessage());
        }
    }

    /** The name Citadel expects: {@code citadel-realmfs-CHANNEL-NNN.img}, NNN the version in three digits. */
    public String fileName() {
        return String.format(Locale.ROOT, "citadel-realmfs-%s-%03d.img", channel, version);
    }
}
