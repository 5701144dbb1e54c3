package org.citadel.realmfs.core.output;

import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.host.HostTools;

/**
 * Compresses a file with the host's {@code xz} (preset 6, one thread per core): one .xz stream, as
 * {@code xz -d} expects. The host tool compresses about twice as fast as single-threaded Java
 * (org.tukaani.xz) on two cores. Used for the tar.xz output and the compressed RealmFS image.
 *
 * <p>The same input gives the same bytes on any machine: xz's multi-threaded mode cuts the input
 * into blocks of a fixed size whatever the number of threads, but {@code -T0} on one core falls back
 * to the single-threaded mode (one block, other bytes) in xz before 5.4. So the thread count is at
 * least 2 and the block size is given (xz's multi-threaded default for preset 6: 3 × its 8 MiB dictionary).
 */
public final class XzCompressor {
    static final long BLOCK_SIZE = 24L << 20;

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
                commands.host(arguments(xz.toString(), Runtime.getRuntime().availableProcessors()))
                        .withStdin(source).withStdout(target));
        if (!outcome.succeeded()) {
            throw new BuildFailedException(Stage.WRITE_OUTPUTS, "xz could not " + purpose + " (exit code "
                    + outcome.exitCode() + " compressing " + source + ")", outcome.lastLines());
        }
    }

    /** xz's command line on a machine with {@code cores} cores. */
    static List<String> arguments(String xz, int cores) {
        return List.of(xz, "--threads=" + Math.max(2, cores), "--block-size=" + BLOCK_SIZE, "-6", "--stdout");
    }
}
