package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
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
    private final Ext4ImageWriter baseWriter;

    /** @param commands runs mkfs.ext4, resize2fs and debugfs */
    public Ext4DeltaWriter(BuildCommands commands) {
        this.tools = HostTools.onCommandPath();
        this.commands = commands;
        this.baseWriter = new Ext4ImageWriter(tools, commands);
    }

    public Ext4Image write(Path base, Path rootfs, Ext4Size size, Instant time, Path target) {
        try (AtomicOutputFile image = new AtomicOutputFile(target)) {
            Ext4Image written = writeUncommitted(base, rootfs, size, time, image);
            return new Ext4Image(image.commit(), written.sizeBytes(), written.requiredBytes());
        }
    }

    /** Writes the image into {@code staging}'s temporary file and leaves it there. */
    public Ext4Image writeUncommitted(Path base, Path rootfs, Ext4Size size, Instant time, AtomicOutputFile staging) {
        Path debugfs = tools.require("debugfs", "e2fsprogs", "write the ext4 image");
        Path resize2fs = tools.require("resize2fs", "e2fsprogs", "write the ext4 image");
        Path image = staging.temporary();
        try {
            RootfsFootprint baseFootprint = RootfsFootprint.measure(base);
            RootfsFootprint footprint = RootfsFootprint.measure(rootfs);
            long baseBytes = stepped(size, baseFootprint.requiredFilesystemBytes());
            long bytes = Math.max(baseBytes, stepped(size, footprint.requiredFilesystemBytes()));
            Ext4Reproducibility fixed = Ext4Reproducibility.derivedFrom(TreeDigest.of(base), time);
            baseWriter.writeUncommitted(base, Ext4Size.fixed(baseBytes), fixed, staging);
            if (bytes > baseBytes) {
                grow(resize2fs, image, bytes, fixed.epochSeconds());
            }
            Ext4Delta delta = new Ext4Delta(TreeManifest.of(base), TreeManifest.of(rootfs), rootfs);
            Ext4Debugfs finisher = new Ext4Debugfs(commands);
            finisher.session(debugfs, image, delta.commands(), fixed.epochSeconds(), "apply the rootfs's changes to");
            finisher.run(debugfs, image, Ext4XattrOrder.commands(rootfs,
                    warning -> commands.events().warning(Stage.WRITE_OUTPUTS, warning)), fixed.epochSeconds());
            return new Ext4Image(image, bytes, footprint.requiredFilesystemBytes());
        } catch (IOException e) {
            throw new BuildFailedException(Stage.WRITE_OUTPUTS, "Could not write the ext4 image " + staging.target()
                    + " of " + rootfs + " from " + base + ": " + e.getMessage(), e);
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
        BuildCommands.Outcome outcome = commands.run(Stage.WRITE_OUTPUTS, resize);
        if (!outcome.succeeded()) {
            throw new BuildFailedException(Stage.WRITE_OUTPUTS, "resize2fs could not grow the ext4 image " + image
                    + " to " + bytes / (1024 * 1024) + " MiB (exit code " + outcome.exitCode() + ")",
                    outcome.lastLines());
        }
    }
}
