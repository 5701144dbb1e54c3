package org.citadel.realmfs.core.output.image;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.process.Command;

/**
 * Compresses a file with the host's {@code xz -T0} (default preset 6, one thread per core): one .xz
 * stream, as {@code xz -d} expects. The host tool compresses about twice as fast as single-threaded
 * Java (org.tukaani.xz) on two cores.
 */
final class XzCompressor {
    private final HostTools tools;
    private final ToolRunner runner;

    XzCompressor(HostTools tools, ToolRunner runner) {
        this.tools = tools;
        this.runner = runner;
    }

    void requireInstalled() {
        tools.require("xz", "xz-utils", "compress the RealmFS image");
    }

    void compress(Path source, Path target) {
        requireInstalled();
        Command command = Command.host("xz", "-T0", "-c").withStdin(source).withStdout(target);
        ToolRunner.Outcome outcome = runner.run(command);
        if (!outcome.succeeded()) {
            throw new BuildFailedException(Stage.WRITE_OUTPUTS, "xz could not compress " + source
                    + " (exit code " + outcome.exitCode() + ")", outcome.lastLines());
        }
    }
}
