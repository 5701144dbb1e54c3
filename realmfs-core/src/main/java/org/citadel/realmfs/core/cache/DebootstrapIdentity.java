package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.io.Sha256;

/** What identifies the host's debootstrap in a layer key: its version, or its digest if it states none. */
public final class DebootstrapIdentity {
    private static final Pattern VERSION = Pattern.compile("(?m)^VERSION='([^']+)'");

    private DebootstrapIdentity() {
    }

    public static String of(Path debootstrap) {
        try {
            byte[] script = Files.readAllBytes(debootstrap);
            Matcher version = VERSION.matcher(new String(script, java.nio.charset.StandardCharsets.UTF_8));
            return version.find() ? "version " + version.group(1) : "sha256 " + Sha256.hex(script);
        } catch (IOException e) {
            throw HostFiles.ioFailure("read, to identify it,", debootstrap, e);
        }
    }
}
