package org.citadel.realmfs.core.output.image;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.events.PolledProgress;
import org.citadel.realmfs.core.events.ProgressReport;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.citadel.realmfs.core.process.Command;

/**
 * Finishes an ext4 image that {@code mkfs.ext4 -d} wrote with one {@code debugfs -w} session
 * (e2fsprogs' own code, so the inode checksums stay right): first the given commands, then the
 * atime, ctime and crtime of every used inode set to one time. mkfs before 1.47.1 copies each
 * file's ctime and atime from the source tree, and a ctime cannot be set there: without this, two
 * builds of the same tree differ in every inode. (mtimes stay the tree's own.) Measured: 0.12 s of
 * debugfs for 16,400 inodes.
 */
final class Ext4Debugfs {
    /** What debugfs prints first, on standard error, whatever it is asked. */
    private static final String BANNER = "debugfs ";
    /** Commands between two progress events (a session runs some 10,000 a second). */
    private static final long PROGRESS_STEP = 1000;

    private final BuildCommands commands;
    private final Stage stage;

    private final String imageName;

    /**
     * @param stage     the stage the image is written in: debugfs runs and fails under it
     * @param imageName the image's final name, for its progress (debugfs works on the temporary file)
     */
    Ext4Debugfs(BuildCommands commands, Stage stage, String imageName) {
        this.commands = commands;
        this.stage = stage;
        this.imageName = imageName;
    }

    /** @param debugfs the host's debugfs */
    void run(Path debugfs, Path image, List<String> first, long epochSeconds) {
        run(debugfs, image, first, epochSeconds, "finish");
    }

    /** {@link #run(Path, Path, List, long)}, saying {@code what} it does to the image (for its progress and message). */
    void run(Path debugfs, Path image, List<String> first, long epochSeconds, String what) {
        BitSet used;
        try {
            used = Ext4UsedInodes.of(image);
        } catch (IOException e) {
            throw HostFiles.ioFailure("read the inode bitmaps of the ext4 image", image, e);
        }
        List<String> lines = new ArrayList<>(first);
        lines.addAll(inodeTimeCommands(used, epochSeconds));
        session(debugfs, image, lines, epochSeconds, what);
    }

    /** Runs {@code lines} in one session and nothing else ({@code what}: what they do to the image, for the message). */
    void session(Path debugfs, Path image, List<String> lines, long epochSeconds, String what) {
        // an intermediate file beside the image: deleted when done, or by the next build if this one is killed
        try (AtomicOutputFile script = new AtomicOutputFile(image.resolveSibling(image.getFileName() + ".debugfs"));
             AtomicOutputFile echo = new AtomicOutputFile(image.resolveSibling(image.getFileName() + ".debugfs-echo"))) {
            writeScript(script.temporary(), lines);
            Command command = command(debugfs, script.temporary(), image, epochSeconds).withStdout(echo.temporary());
            ProgressReport progress = ProgressReport.count(commands.events(), stage,
                    "debugfs: " + what + " the ext4 image " + imageName, PROGRESS_STEP);
            BuildCommands.Captured run;
            DebugfsEcho echoed = new DebugfsEcho(echo.temporary());
            try (PolledProgress polled = PolledProgress.start(progress, echoed::commands, lines.size(),
                    PolledProgress.EVERY)) {
                run = commands.capture(stage, command);
            }
            List<String> complaints = run.lines().stream().filter(line -> !line.startsWith(BANNER)).toList();
            if (!run.succeeded() || !complaints.isEmpty()) {
                throw new BuildFailedException(stage, "debugfs could not " + what + " the ext4 image "
                        + image + " (exit code " + run.exitCode() + ")",
                        complaints.subList(Math.max(0, complaints.size() - 20), complaints.size()));
            }
            progress.at(lines.size(), lines.size());
        }
    }

    /**
     * Its commands' echo goes nowhere ({@link #session} sends it to a file to count them); what it says
     * on standard error is a failure (it exits 0 regardless).
     */
    static Command command(Path debugfs, Path script, Path image, long epochSeconds) {
        return Command.host(debugfs.toString(), "-w", "-f", script.toString(), image.toString())
                .withEnvironment(Map.of("E2FSPROGS_FAKE_TIME", Long.toString(epochSeconds)))
                .withStdout(Path.of("/dev/null"));
    }

    static List<String> inodeTimeCommands(BitSet inodes, long epochSeconds) {
        List<String> lines = new ArrayList<>(inodes.cardinality() * 3);
        for (int inode = inodes.nextSetBit(1); inode >= 0; inode = inodes.nextSetBit(inode + 1)) {
            for (String field : new String[] {"atime", "ctime", "crtime"}) {
                lines.add("sif <" + inode + "> " + field + " @" + epochSeconds);
            }
        }
        return lines;
    }

    /** UTF-8: the paths in the commands are the tree's names. */
    static void writeScript(Path script, List<String> lines) {
        try (BufferedWriter out = Files.newBufferedWriter(script, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            throw HostFiles.ioFailure("write the debugfs script", script, e);
        }
    }
}
