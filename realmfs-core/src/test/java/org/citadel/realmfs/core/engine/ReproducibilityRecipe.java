package org.citadel.realmfs.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsImageOutput;

/**
 * What the reproducibility checks build (ReproducibleBuildIT, bin/check-reproducible): a small
 * recipe with one package (so apt-get install runs), modules in both phases and an installed file, and every output kind, each build
 * writing into a directory of its own.
 */
final class ReproducibilityRecipe {
    /** The file names of the outputs in a build's output directory ({@code realmfs/} holds the image). */
    static final String TAR = "image.tar";
    static final String TAR_XZ = "image.tar.xz";
    static final String EXT4 = "image.ext4";
    static final String REALMFS_DIRECTORY = "realmfs";

    private ReproducibilityRecipe() {
    }

    /** The default minbase recipe with less, a pre- and a post-install module and a file installed from {@code base}. */
    static RealmfsBuild recipe(Path base) throws IOException {
        Path unit = Files.writeString(Files.createDirectories(base).resolve("hello.service"), "[Unit]\nDescription=hello\n");
        return RealmfsBuild.builder()
                .packages("less")
                .preModule("greeting", "echo hello > /etc/greeting")
                .postModule("motd", "echo \"built by a module\" > /etc/motd\nmkdir -p /var/lib/hello\n"
                        + "touch /var/lib/hello/state")
                .installFile(unit, "/usr/lib/systemd/system", 0644)
                .build();
    }

    /**
     * Builds {@code recipe} in {@code base/work-NAME} with the outputs in {@code base/NAME}: tar, ext4,
     * an uncompressed RealmFS image with 16 MiB free, and with {@code withTarXz} the tar.xz;
     * {@code epoch} empty for the default.
     */
    static OutputDigests build(RealmfsBuild recipe, Path base, String name, BuildOptions.Builder options,
            boolean withTarXz, Optional<Instant> epoch) throws IOException {
        Path out = Files.createDirectories(base.resolve(name));
        epoch.ifPresent(options::sourceDateEpoch);
        options.output(Output.tar(out.resolve(TAR)))
                .output(Output.ext4(out.resolve(EXT4)))
                .output(RealmfsImageOutput.builder(out.resolve(REALMFS_DIRECTORY)).compressed(false)
                        .freeSpaceBytes(16L << 20).build());
        if (withTarXz) {
            options.output(Output.tarXz(out.resolve(TAR_XZ)));
        }
        BuildResult result = recipe.run(base.resolve("work-" + name), options.build());
        return OutputDigests.of(out, result.layers());
    }
}
