package org.citadel.realmfs.api;

import java.util.List;
import java.util.Objects;

/**
 * What a Citadel host needs before it activates an image of a channel other than {@code dev}: Citadel
 * looks that channel's public key up only in {@code /etc/os-release} or on the kernel command line.
 *
 * @param channel      the image's channel
 * @param publicKeyHex the ed25519 public key that verifies the image's signature, 64 lowercase hex digits
 */
public record CitadelHostKey(String channel, String publicKeyHex) {
    public CitadelHostKey {
        Objects.requireNonNull(channel, "channel");
        if (publicKeyHex == null || !publicKeyHex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("A public key is 64 lowercase hex digits, got '" + publicKeyHex + "'");
        }
    }

    /** The two lines for the host's {@code /etc/os-release}. */
    public List<String> osReleaseLines() {
        return List.of("CITADEL_CHANNEL=" + channel, "CITADEL_IMAGE_PUBKEY=" + publicKeyHex);
    }

    /** The kernel command-line argument that does the same. */
    public String kernelCommandLineArgument() {
        return "citadel.channel=" + channel + ":" + publicKeyHex;
    }

    /** One sentence with both ways, as the build prints it. */
    public String instructions() {
        return "Citadel activates a '" + channel + "' image only on a host that knows the channel's key: add the"
                + " lines " + String.join(" and ", osReleaseLines()) + " to its /etc/os-release, or boot it with the"
                + " kernel command-line argument " + kernelCommandLineArgument();
    }
}
