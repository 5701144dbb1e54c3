package org.citadel.realmfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsImageOutput;

/**
 * How {@code -r} makes the RealmFS image file Citadel installs.
 *
 * @param name           the image's {@code realmfs-name}; {@code base} replaces the image realms use by default
 * @param channel        the update channel written into the header, such as {@code dev}
 * @param version        the image version, which also names the file
 * @param signKey        a file holding an ed25519 seed as 64 hex digits; empty to sign {@code dev} with the
 *                       published development key (other channels need one)
 * @param compress       whether the payload is xz-compressed
 * @param installed      write {@code NAME-realmfs.img}, uncompressed in the installed layout
 * @param freeSpaceBytes the free space left in the image's ext4; empty for the library's default (1 GiB)
 * @param xzLevel        the xz preset of the compressed payload, 0 to 9 (default 6, as Citadel's tool)
 */
public record RealmfsImageSettings(String name, String channel, int version, Optional<Path> signKey, boolean compress,
                                   boolean installed, OptionalLong freeSpaceBytes, int xzLevel) {
    public static final String DEFAULT_CHANNEL = RealmfsImageOutput.DEV_CHANNEL;
    public static final String DEFAULT_NAME = RealmfsImageOutput.DEFAULT_NAME;

    public RealmfsImageSettings {
        if (!RealmfsImageOutput.isValidName(name)) {
            throw new UsageException("Image name '" + name + "' must be " + RealmfsImageOutput.NAME_RULE
                    + ", as Citadel requires");
        }
        if (channel == null || !channel.matches("[a-z0-9][a-z0-9-]*")) {
            throw new UsageException("Channel '" + channel
                    + "' must be lower case letters, digits and '-', such as 'dev' or 'stable'");
        }
        if (version < 0) {
            throw new UsageException("Image version " + version + " must be zero or more");
        }
        Objects.requireNonNull(signKey, "signKey");
        Objects.requireNonNull(freeSpaceBytes, "freeSpaceBytes");
        if (xzLevel < 0 || xzLevel > 9) {
            throw new UsageException("--xz-level " + xzLevel + " is not an xz preset: give 0 (fastest) to 9 (smallest)");
        }
        if (installed && compress) {
            compress = false; // the installed layout is uncompressed: --installed implies --no-compress
        }
    }

    /** Settings compressed at xz's default level, {@value RealmfsImageOutput#DEFAULT_XZ_LEVEL}. */
    public RealmfsImageSettings(String name, String channel, int version, Optional<Path> signKey, boolean compress,
                                boolean installed, OptionalLong freeSpaceBytes) {
        this(name, channel, version, signKey, compress, installed, freeSpaceBytes, RealmfsImageOutput.DEFAULT_XZ_LEVEL);
    }

    /** The default image's settings on {@code channel}: named {@code base}, compressed. */
    public RealmfsImageSettings(String channel, int version, Optional<Path> signKey, boolean compress) {
        this(DEFAULT_NAME, channel, version, signKey, compress, false, OptionalLong.empty());
    }

    /** The API output for these settings, written into {@code directory}; reads the key file now. */
    public RealmfsImageOutput output(Path directory) {
        RealmfsImageOutput.Builder output = RealmfsImageOutput.builder(directory)
                .name(name)
                .channel(channel)
                .version(version)
                .compressed(compress)
                .xzLevel(xzLevel);
        if (installed) {
            output.installedFile();
        }
        freeSpaceBytes.ifPresent(output::freeSpaceBytes);
        signKey.ifPresent(file -> output.signingKeyHex(readKey(file)));
        try {
            return output.build();
        } catch (InvalidRecipeException e) {
            throw new UsageException(signKey.map(f -> f + ": ").orElse("") + e.getMessage()
                    + (e.getMessage().contains("needs a signing key") ? " (--sign-key FILE)" : ""));
        }
    }

    private static String readKey(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UsageException("Cannot read the signing key file " + file + ": " + e.getMessage());
        }
    }

    /** {@code NAME-realmfs.img} if installed, else Citadel's tool's name: {@code citadel-realmfs-CHANNEL-NNN.img}. */
    public String fileName() {
        return installed ? name + "-realmfs.img"
                : String.format(Locale.ROOT, "citadel-realmfs-%s-%03d.img", channel, version);
    }
}
