package org.citadel.realmfs.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.citadel.realmfs.api.FileMode;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RootfsPath;

/**
 * A small realm image: trixie with a pager and an editor, a message of the day written by a shell
 * module, a configuration file written by a Java module, and a systemd unit installed from a file
 * and enabled.
 */
public final class HelloRealm {
    public static final String MOTD = "Welcome to a realm built by realmfs.\n";
    public static final RootfsPath CONFIG_PATH = RootfsPath.of("/etc/hello-realm/hello.conf");
    public static final RootfsPath UNIT_DIRECTORY = RootfsPath.of("/usr/lib/systemd/system");
    /** Both files are world-readable, written by root. */
    public static final FileMode FILE_MODE = FileMode.of(0644);
    public static final String UNIT = "hello-realm.service";

    private HelloRealm() {
    }

    /**
     * The recipe. {@code filesDirectory} receives the files the recipe installs (they ship inside
     * this jar, so the example runs from anywhere).
     */
    public static RealmfsBuild recipe(Path filesDirectory) {
        Path unit = extract(UNIT, filesDirectory);
        return RealmfsBuild.builder()
                .release("trixie")
                .packages("less", "vim-tiny")
                .preModule("set-motd", "printf '%s' '" + MOTD + "' > /etc/motd\ninfo \"motd written\"")
                .postModule("write-config", ctx -> ctx.writeFile(CONFIG_PATH,
                        "greeting=hello\nrelease=" + ctx.recipe().release() + "\n", FILE_MODE))
                .installFile(unit, UNIT_DIRECTORY, FILE_MODE)
                .postModule("enable-unit", "systemctl enable " + UNIT)
                .hostname("hello-realm")
                .build();
    }

    static Path extract(String resource, Path directory) {
        try (InputStream in = HelloRealm.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing from the examples jar");
            }
            Files.createDirectories(directory);
            Path file = directory.resolve(resource);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
