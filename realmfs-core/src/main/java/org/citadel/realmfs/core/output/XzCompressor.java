package org.citadel.realmfs.core.output;

import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.process.Command;

/**
 * Compresses a file with the host's {@code xz} (preset 6 unless given, one thread per core): one .xz stream, as
 * {@code xz -d} expects. The host tool compresses about twice as fast as single-threaded Java
 * (org.tukaani.xz) on two cores. Used for the tar.xz output and the compressed RealmFS image.
 *
 * <p>The same input gives the same bytes on any machine: xz's multi-threaded mode cuts the input
 * into blocks of a fixed size whatever the number of threads, but {@code -T0} on one core falls back
 * to the single-threaded mode (one block, other bytes) in xz before 5.4. So the thread count is at
 * least 2 and the block size is given (xz's multi-threaded default for preset 6: 3 × its 8 MiB dictionary).
 */
public final class XzCompressor {
    public static final long BLOCK_SIZE = 24L << 20;
    /** The integrity check every stream carries: xz's default, named here so it can be part of a cache key. */
    public static final String CHECK = "crc64";

    private final HostTools tools;
    private final BuildCommands commands;
    private final String purpose;
    private final int level;

    /** @param purpose what xz is needed for, in the words of a missing tool's message ("compress the tar output") */
    public XzCompressor(HostTools tools, BuildCommands commands, String purpose) {
        this(tools, commands, purpose, RealmfsImageOutput.DEFAULT_XZ_LEVEL);
    }

    /** @param level xz's preset, 0 to 9 */
    public XzCompressor(HostTools tools, BuildCommands commands, String purpose, int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("xz presets are 0 to 9, not " + level);
        }
        this.tools = tools;
        this.commands = commands;
        this.purpose = purpose;
        this.level = level;
    }

    public int level() {
        return level;
    }

    /** The first line of {@code xz --version} ("xz (XZ Utils) 5.4.1"): other versions may write other bytes. */
    public String version() {
        Path xz = requireInstalled();
        BuildCommands.Captured captured = commands.capture(Stage.WRITE_OUTPUTS, commands.host(xz.toString(), "--version"));
        if (!captured.succeeded() || captured.lines().isEmpty()) {
            throw new BuildFailedException(Stage.WRITE_OUTPUTS, "xz --version failed (exit code "
                    + captured.exitCode() + "), so xz cannot " + purpose, captured.lines());
        }
        return captured.lines().get(0).strip();
    }

    /** Fails, naming the package to install, unless the host has xz. */
    public Path requireInstalled() {
        return tools.require("xz", "xz-utils", purpose);
    }

    /** Writes {@code source} compressed to {@code target}. */
    public void compress(Path source, Path target) {
        requireSuccess(commands.run(Stage.WRITE_OUTPUTS, command(source, target)), source);
    }

    /**
     * Starts compressing {@code source} to {@code target} and returns at once (on the build's thread,
     * like every command); pass the outcome its handle waits for to {@link #requireSuccess}.
     */
    public BuildCommands.Started start(Path source, Path target) {
        return commands.start(Stage.WRITE_OUTPUTS, command(source, target));
    }

    /** Throws a {@link BuildFailedException} unless xz compressed {@code source}. */
    public void requireSuccess(BuildCommands.Outcome outcome, Path source) {
        if (!outcome.succeeded()) {
            throw new BuildFailedException(Stage.WRITE_OUTPUTS, "xz could not " + purpose + " (exit code "
                    + outcome.exitCode() + " compressing " + source + ")", outcome.lastLines());
        }
    }

    private Command command(Path source, Path target) {
        Path xz = requireInstalled();
        return commands.host(arguments(xz.toString(), Runtime.getRuntime().availableProcessors(), level))
                .withStdin(source).withStdout(target);
    }

    /** xz's command line on a machine with {@code cores} cores. */
    static List<String> arguments(String xz, int cores) {
        return arguments(xz, cores, RealmfsImageOutput.DEFAULT_XZ_LEVEL);
    }

    /**
     * xz's command line at preset {@code level}. An input of at most {@link #BLOCK_SIZE} bytes is one
     * block, compressed by one thread, but still in the multi-threaded mode's format (xz's single-threaded
     * mode, which {@code --threads=1} selects, writes other bytes).
     */
    static List<String> arguments(String xz, int cores, int level) {
        return List.of(xz, "--threads=" + Math.max(2, cores), "--block-size=" + BLOCK_SIZE, "-" + level, "--stdout");
    }
}
