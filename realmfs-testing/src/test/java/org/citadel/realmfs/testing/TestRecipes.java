package org.citadel.realmfs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.RealmfsBuild;

/** The recipes of realmfs-testing's own integration tests: all on one package layer (minbase and less). */
final class TestRecipes {
    static final String HELLO_UNIT = "realmfs-hello.service";

    private TestRecipes() {
    }

    /** The base every IT shares, so that they all restore one package layer. */
    static RealmfsBuild.Builder base() {
        return RealmfsBuild.builder().packages("less");
    }

    /** A unit file named {@code name} in {@code files}, wanted by multi-user.target, running {@code execStart}. */
    static Path unit(Path files, String name, String execStart) {
        try {
            Files.createDirectories(files);
            return Files.writeString(files.resolve(name), "[Unit]\nDescription=" + name + " of realmfs-testing\n\n"
                    + "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=" + execStart + "\n\n"
                    + "[Install]\nWantedBy=multi-user.target\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base with files of every kind the assertions check, and an enabled unit. */
    static RealmfsBuild fixture(Path files) {
        return base()
                .installFile(unit(files, HELLO_UNIT, "/bin/true"), "/usr/lib/systemd/system", 0644)
                .postModule("fixture", String.join("\n",
                        "printf 'hello\\n' > /etc/motd",
                        "printf 'secret=1\\n' > /etc/secret.conf",
                        "chown 0:42 /etc/secret.conf",
                        "chmod 0640 /etc/secret.conf",
                        "ln -s /etc/motd /etc/motd-link",
                        "printf '#!/bin/sh\\necho hi\\n' > /usr/local/bin/hi",
                        "chmod 0755 /usr/local/bin/hi",
                        "systemctl enable " + HELLO_UNIT))
                .build();
    }
}
