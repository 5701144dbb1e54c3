package org.citadel.realmfs.core.output;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.host.HostTools;

/**
 * Compresses a file with the host's {@code xz -T0} (preset 6, one thread per core): one .xz
 * stream, as {@code xz -d} expects. The host tool compresses about twice as fast as single-threaded
 * Java (org.tukaani.xz) on two cores. Used for the tar.xz output and the compressed RealmFS image.
 */
public final class XzCompressor {
    private final HostTools tools;
    private final BuildCommands commands;
    private final String purpose;

    /** @param purpose what xz is needed for, in the words of a missing tool's message ("compress the tar output") */
    public XzCompressor(HostTools tools, BuildCommands commands, String purpose) {
        this.tools = tools;
        this.commands = commands;
        this.purpose = purpose;
    }

    /** Fails, naming the package to install, unless the host has xz. */
    public Path requireInstalled() {
        return tools.require("xz", "xz-utils", purpose);
    }

    /** Writes {@code source} compressed to {@code target}. */
    public void compress(Path source, Path target) {
        Path xz = requireInstalled();
        BuildCommands.Outcome outcome = commands.run(Stage.WRITE_OUTPUTS,
                commands.host(xz.toString(), "-T0", "-6", "--stdout").withStdin(source).withStdout(target));
        if (!outcome.succeeded()) {
            throw new BuildFailedException(Stage.WRITE_OUTPUTS, "xz could not " + purpose + " (exit code "
                    + outcome.exitCode() + " compressing " + source + ")", outcome.lastLines());
        }
    }
}
