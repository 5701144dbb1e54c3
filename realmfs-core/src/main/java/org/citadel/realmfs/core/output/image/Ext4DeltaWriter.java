package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.events.ProgressReport;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.rootfs.TreeDigest;
import org.citadel.realmfs.core.rootfs.TreeManifest;

/**
 * Writes the ext4 image of a rootfs as an image of a base tree (the rootfs before the post-install
 * modules) changed into it: {@code mkfs.ext4 -d} of the base ({@link Ext4ImageWriter}, UUID and
 * hash seed derived from the base), grown with {@code resize2fs} if the rootfs needs more room,
 * then one {@code debugfs -w} session applying the {@link Ext4Delta} and {@link Ext4Debugfs}'s
 * time and xattr-order fixing. The files the base and the rootfs share keep their inodes and
 * blocks, and what changed lands after them, so a small change leaves most of the image's bytes
 * where they were (see docs/ext4-delta.md). The size is in steps of 64 MiB, so that a small change
 * keeps the base's size too.
 */
public final class Ext4DeltaWriter {
    static final long SIZE_STEP = 64L * 1024 * 1024;

    private final HostTools tools;
    private final BuildCommands commands;
    private final Stage stage;
    private final Ext4ImageWriter baseWriter;

    /** @param commands runs mkfs.ext4, resize2fs and debugfs, reported under {@link Stage#WRITE_OUTPUTS} */
    public Ext4DeltaWriter(BuildCommands commands) {
        this(commands, Stage.WRITE_OUTPUTS);
    }

    /** @param stage the stage the images are written in: their commands and failures are reported under it */
    public Ext4DeltaWriter(BuildCommands commands, Stage stage) {
        this.tools = HostTools.onCommandPath();
        this.commands = commands;
        this.stage = stage;
        this.baseWriter = new Ext4ImageWriter(tools, commands, stage);
    }

    public Ext4Image write(Path base, Path rootfs, Ext4Size size, Instant time, Path target) {
        try (AtomicOutputFile image = new AtomicOutputFile(target)) {
            Ext4Image written = writeUncommitted(base, rootfs, size, time, image);
            return new Ext4Image(image.commit(), written.sizeBytes(), written.requiredBytes());
        }
    }

    /** Writes the image into {@code staging}'s temporary file and leaves it there. */
    public Ext4Image writeUncommitted(Path base, Path rootfs, Ext4Size size, Instant time, AtomicOutputFile staging) {
        Ext4Base written = writeBase(base, size, time, staging);
        return applyDelta(written, rootfs, size, staging);
    }

    /**
     * Writes the image of the base tree {@code base} alone into {@code staging}'s temporary file and
     * leaves it there: {@code mkfs.ext4 -d} at {@code size} rounded up to a step of 64 MiB (a fixed size
     * as given), UUID and hash seed derived from the tree's digest.
     */
    public Ext4Base writeBase(Path base, Ext4Size size, Instant time, AtomicOutputFile staging) {
        try {
            long bytes = stepped(size, RootfsFootprint.measure(base).requiredFilesystemBytes());
            Ext4Reproducibility fixed = Ext4Reproducibility.derivedFrom(TreeDigest.of(base), time);
            TreeManifest manifest = TreeManifest.of(base);
            baseWriter.writeUncommitted(base, Ext4Size.fixed(bytes), fixed, staging);
            return new Ext4Base(staging.temporary(), manifest, fixed, bytes);
        } catch (IOException e) {
            throw new BuildFailedException(stage, "Could not write the ext4 image " + staging.target()
                    + " of the base tree " + base + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the image of {@code rootfs} into {@code staging}'s temporary file from a copy of the
     * base image {@code base} (which stays as it is), and leaves it there.
     */
    public Ext4Image writeUncommitted(Ext4Base base, Path rootfs, Ext4Size size, AtomicOutputFile staging) {
        try {
            SparseBlocks.copy(base.image(), staging.temporary(), ProgressReport.bytes(commands.events(), stage,
                    "copy the ext4 base " + base.image().getFileName()));
        } catch (IOException e) {
            throw new BuildFailedException(stage, "Could not copy the base ext4 image " + base.image() + " to "
                    + staging.temporary() + ": " + e.getMessage(), e);
        }
        return applyDelta(base, rootfs, size, staging);
    }

    /** Changes the base image in {@code staging}'s temporary file into the image of {@code rootfs}. */
    private Ext4Image applyDelta(Ext4Base base, Path rootfs, Ext4Size size, AtomicOutputFile staging) {
        Path debugfs = tools.require("debugfs", "e2fsprogs", "write the ext4 image");
        Path resize2fs = tools.require("resize2fs", "e2fsprogs", "write the ext4 image");
        Path image = staging.temporary();
        try {
            RootfsFootprint footprint = RootfsFootprint.measure(rootfs);
            long bytes = Math.max(base.sizeBytes(), stepped(size, footprint.requiredFilesystemBytes()));
            if (bytes < footprint.contentBytes()) {
                throw new BuildFailedException(stage, "An ext4 image of " + bytes / (1024 * 1024) + " MiB is too small"
                        + " for the rootfs " + rootfs + ", which needs about " + footprint.requiredFilesystemBytes()
                        / (1024 * 1024) + " MiB with the filesystem's overhead: give a larger size or fit the size to"
                        + " the content", List.of());
            }
            long epoch = base.fixed().epochSeconds();
            if (bytes > base.sizeBytes()) {
                grow(resize2fs, image, bytes, epoch);
            }
            Ext4Delta delta = new Ext4Delta(base.manifest(), TreeManifest.of(rootfs), rootfs);
            Ext4Debugfs finisher = new Ext4Debugfs(commands, stage, staging.target().getFileName().toString());
            finisher.session(debugfs, image, delta.commands(), epoch, "apply the rootfs's changes to");
            finisher.run(debugfs, image, Ext4XattrOrder.commands(rootfs,
                    warning -> commands.events().warning(stage, warning)), epoch, "set the times and xattr order in");
            return new Ext4Image(image, bytes, footprint.requiredFilesystemBytes());
        } catch (IOException e) {
            throw new BuildFailedException(stage, "Could not write the ext4 image " + staging.target()
                    + " of " + rootfs + " from its base " + base.image() + ": " + e.getMessage(), e);
        }
    }

    /** The size {@code size} gives, rounded up to the next step of 64 MiB unless it is a fixed size. */
    static long stepped(Ext4Size size, long requiredBytes) {
        long bytes = size.bytesFor(requiredBytes);
        return size instanceof Ext4Size.Fixed ? bytes : (bytes + SIZE_STEP - 1) / SIZE_STEP * SIZE_STEP;
    }

    private void grow(Path resize2fs, Path image, long bytes, long epochSeconds) {
        Command resize = Command.host(resize2fs.toString(), "-f", image.toString(), Long.toString(bytes / 4096))
                .withEnvironment(Map.of("LC_ALL", "C", "E2FSPROGS_FAKE_TIME", Long.toString(epochSeconds)));
        BuildCommands.Outcome outcome = commands.run(stage, resize);
        if (!outcome.succeeded()) {
            throw new BuildFailedException(stage, "resize2fs could not grow the ext4 image " + image
                    + " to " + bytes / (1024 * 1024) + " MiB (exit code " + outcome.exitCode() + ")",
                    outcome.lastLines());
        }
    }
}
