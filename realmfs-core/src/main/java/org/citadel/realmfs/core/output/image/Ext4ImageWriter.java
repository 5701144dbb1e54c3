package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.events.PolledProgress;
import org.citadel.realmfs.core.events.ProgressReport;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.io.ClasspathResource;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.linux.FilesystemFullException;
import org.citadel.realmfs.core.linux.PathCalls;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.citadel.realmfs.core.process.Command;

/**
 * Writes a rootfs directory into a sparse ext4 image with e2fsprogs, as the original builder did
 * ({@code mkfs.ext4 -d ROOTFS -i 4096 -b 4096 -F FILE BLOCKS}), under a temporary name first, and
 * reproducibly: the same tree (as {@link org.citadel.realmfs.core.rootfs.TreeDigest} sees it) and
 * {@link Ext4Reproducibility} give the same bytes, whatever order the tree was made in. mkfs gets
 * the UUID and hash seed, its clock ({@code E2FSPROGS_FAKE_TIME}: superblock, root, lost+found,
 * crtimes) and the C locale (it adds each directory's entries in {@code alphasort} order); then
 * {@link Ext4Debugfs} sets the atimes and ctimes it copied from the tree and puts
 * the extended attributes of files with several in one order ({@link Ext4XattrOrder}).
 */
public final class Ext4ImageWriter {
    private static final long MIB = 1024 * 1024;
    /** The features and defaults of every image, so that the host's /etc/mke2fs.conf changes nothing. */
    static final String MKE2FS_CONFIG = "mke2fs.conf";

    /** The SHA-256 of the mke2fs.conf every image is made with: part of what decides its bytes. */
    public static String configSha256() {
        return Sha256.hex(ClasspathResource.bytes(Ext4ImageWriter.class, MKE2FS_CONFIG));
    }

    private final HostTools tools;
    private final BuildCommands commands;
    private final Stage stage;

    /** @param commands runs mkfs.ext4, reported under {@link Stage#WRITE_OUTPUTS} */
    public Ext4ImageWriter(BuildCommands commands) {
        this(HostTools.onCommandPath(), commands, Stage.WRITE_OUTPUTS);
    }

    /** @param stage the stage the image is written in: its commands and failures are reported under it */
    public Ext4ImageWriter(BuildCommands commands, Stage stage) {
        this(HostTools.onCommandPath(), commands, stage);
    }

    Ext4ImageWriter(HostTools tools, BuildCommands commands) {
        this(tools, commands, Stage.WRITE_OUTPUTS);
    }

    Ext4ImageWriter(HostTools tools, BuildCommands commands, Stage stage) {
        this.tools = tools;
        this.commands = commands;
        this.stage = stage;
    }

    public Ext4Image write(Path rootfs, Ext4Size size, Ext4Reproducibility fixed, Path target) {
        try (AtomicOutputFile image = new AtomicOutputFile(target)) {
            Ext4Image written = writeUncommitted(rootfs, size, fixed, image);
            return new Ext4Image(image.commit(), written.sizeBytes(), written.requiredBytes());
        }
    }

    /** Writes the image into {@code staging}'s temporary file and leaves it there (an intermediate file). */
    public Ext4Image writeUncommitted(Path rootfs, Ext4Size size, Ext4Reproducibility fixed, AtomicOutputFile staging) {
        Path target = staging.target();
        tools.require("mkfs.ext4", "e2fsprogs", "write the ext4 image");
        Path debugfs = tools.require("debugfs", "e2fsprogs", "write the ext4 image");
        if (!Files.isDirectory(rootfs)) {
            throw new InvalidRecipeException("The rootfs " + rootfs + " is not a directory");
        }
        try {
            RootfsFootprint footprint = RootfsFootprint.measure(rootfs);
            long required = footprint.requiredFilesystemBytes();
            long bytes = size.bytesFor(required);
            if (bytes < footprint.contentBytes()) {
                throw tooSmall(rootfs, bytes, required, List.of());
            }
            // an intermediate file beside the image: deleted when done, or by the next build if this one is killed
            try (AtomicOutputFile config = new AtomicOutputFile(target.resolveSibling(
                    target.getFileName() + ".mke2fs.conf"))) {
                Files.write(config.temporary(), ClasspathResource.bytes(Ext4ImageWriter.class, MKE2FS_CONFIG));
                runMkfs(mkfsCommand(rootfs, staging.temporary(), bytes, fixed, config.temporary()), rootfs,
                        staging.temporary(), bytes, footprint, target);
            }
            List<String> xattrOrder = Ext4XattrOrder.commands(rootfs,
                    warning -> commands.events().warning(stage, warning));
            new Ext4Debugfs(commands, stage, target.getFileName().toString()).run(debugfs, staging.temporary(), xattrOrder, fixed.epochSeconds());
            return new Ext4Image(staging.temporary(), bytes, required);
        } catch (IOException e) {
            throw new BuildFailedException(stage, "Could not write the ext4 image " + target + " of "
                    + rootfs + ": " + e.getMessage(), e);
        }
    }

    /** {@code -I 256}, mkfs's default, said: the crtime {@link Ext4Debugfs} sets needs inodes that large. */
    static Command mkfsCommand(Path rootfs, Path file, long bytes, Ext4Reproducibility fixed, Path config) {
        return Command.host("mkfs.ext4", "-d", rootfs.toString(), "-i", "4096", "-b", "4096", "-I", "256",
                        "-U", fixed.uuid().toString(), "-E", "hash_seed=" + fixed.hashSeed(), "-F",
                        file.toString(), Long.toString(bytes / 4096))
                .withEnvironment(Map.of("LC_ALL", "C", "E2FSPROGS_FAKE_TIME", Long.toString(fixed.epochSeconds()),
                        "MKE2FS_CONFIG", config.toString()));
    }

    /**
     * mkfs reports nothing while it copies the tree: its progress is the image file's allocated bytes,
     * polled, of the tree's data bytes (metadata counts too, so it may reach the total early; it waits there).
     */
    private void runMkfs(Command mkfs, Path rootfs, Path file, long bytes, RootfsFootprint footprint, Path target) {
        ProgressReport progress = ProgressReport.bytes(commands.events(), stage,
                "mkfs.ext4 -d: write the ext4 image " + target.getFileName());
        long total = footprint.contentBytes();
        BuildCommands.Outcome outcome;
        try (PolledProgress polled = PolledProgress.start(progress, () -> PathCalls.allocatedBytes(file), total,
                PolledProgress.EVERY)) {
            outcome = commands.run(stage, mkfs);
        }
        if (outcome.succeeded()) {
            progress.at(total, total);
            return;
        }
        // The image itself full is libext2fs's "Could not allocate block/inode in ext2 filesystem"; the
        // filesystem the image file is on full is ENOSPC's "No space left on device".
        if (outcome.printed("Could not allocate")) {
            throw tooSmall(rootfs, bytes, footprint.requiredFilesystemBytes(), outcome.lastLines());
        }
        hostFull(target, file, bytes, footprint.contentBytes()).ifPrinted(outcome.lastLines()).ifPresent(full -> {
            throw full;
        });
        throw new BuildFailedException(stage, "mkfs.ext4 failed (exit code " + outcome.exitCode()
                + ") writing the rootfs " + rootfs + " into " + file, outcome.lastLines());
    }

    /** The filesystem the image file is written to is full (not the image). */
    private static FilesystemFullException.Writing hostFull(Path target, Path file, long bytes, long onDisk) {
        return FilesystemFullException.writing("the ext4 image " + target
                + " (a sparse file of " + bytes / MIB + " MiB)", file)
                .needing(onDisk).advice("Free space there, or write the image to a filesystem with more room.");
    }

    private BuildFailedException tooSmall(Path rootfs, long bytes, long required, List<String> lastLines) {
        return new BuildFailedException(stage, "An ext4 image of " + bytes / MIB + " MiB (" + bytes
                + " bytes) is too small for the rootfs " + rootfs + ", which needs about " + (required + MIB - 1) / MIB
                + " MiB with the filesystem's overhead: give a larger size or fit the size to the content", lastLines);
    }
}
