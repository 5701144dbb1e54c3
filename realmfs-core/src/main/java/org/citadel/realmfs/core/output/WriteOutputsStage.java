package org.citadel.realmfs.core.output;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.CitadelHostKey;
import org.citadel.realmfs.api.Ext4Output;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.Sbom;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.api.TarOutput;
import org.citadel.realmfs.core.events.PolledProgress;
import org.citadel.realmfs.core.events.ProgressOutputStream;
import org.citadel.realmfs.core.events.ProgressReport;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.linux.FilesystemFullException;
import org.citadel.realmfs.core.output.image.Ext4BaseSource;
import org.citadel.realmfs.core.output.image.Ext4DeltaWriter;
import org.citadel.realmfs.core.output.image.Ext4Size;
import org.citadel.realmfs.core.output.image.RealmfsImageSpec;
import org.citadel.realmfs.core.output.image.RealmfsImageWriter;
import org.citadel.realmfs.core.output.image.RootfsFootprint;
import org.citadel.realmfs.core.output.image.WrittenRealmfsImage;
import org.citadel.realmfs.core.output.image.XzChunkCache;
import org.citadel.realmfs.core.output.tar.RootfsTarWriter;
import org.citadel.realmfs.core.output.tar.TarOmissions;
import org.citadel.realmfs.core.rootfs.TreeDigest;
import org.citadel.realmfs.core.sbom.CycloneDxJson;
import org.citadel.realmfs.core.sbom.RootfsSbom;
import org.citadel.realmfs.core.stage.StageContext;

/**
 * {@link Stage#WRITE_OUTPUTS}: reads the finished rootfs's {@link Sbom}, then writes each output the options
 * ask for, each with its SBOM beside it ({@code OUTPUT}{@value CycloneDxJson#SUFFIX}). The SBOM file is
 * staged before its output and committed after it, so a failed output leaves neither under its final name.
 */
public final class WriteOutputsStage {

    /** The rootfs's digest, computed when the first image needs it: it names the image's UUIDs and salt. */
    private TreeDigest treeDigest;
    /** The ext4 images made for RealmFS images so far, by size: two images of one size share one (-i with -r). */
    private final Map<Ext4Size, AtomicOutputFile> ext4Images = new LinkedHashMap<>();
    private final Optional<XzChunkCache> chunkCache;
    private final Ext4BaseSource bases;

    /**
     * @param chunkCache where compressed chunks of RealmFS images are kept between builds
     * @param bases      the base image every ext4 image is written from ({@link Ext4DeltaWriter})
     */
    public WriteOutputsStage(Optional<XzChunkCache> chunkCache, Ext4BaseSource bases) {
        this.chunkCache = chunkCache;
        this.bases = bases;
    }

    /** The size rules of the ext4 images {@code outputs} ask for (ext4 outputs and RealmFS images), each once. */
    public static List<Ext4Size> ext4Sizes(List<Output> outputs) {
        return outputs.stream().flatMap(output -> ext4Size(output).stream()).distinct().toList();
    }

    private static Optional<Ext4Size> ext4Size(Output output) {
        if (output instanceof Ext4Output ext4) {
            return Optional.of(ext4Size(ext4.sizeBytes()));
        } else if (output instanceof RealmfsImageOutput image) {
            return Optional.of(image.ext4SizeBytes().isPresent() ? Ext4Size.fixed(image.ext4SizeBytes().getAsLong())
                    : Ext4Size.withFreeSpace(image.freeSpaceBytes()));
        }
        return Optional.empty();
    }

    /** What the plan says of this stage: the outputs depend on the options, the SBOM beside each does not. */
    public static List<PlannedStep> plan() {
        return List.of(new PlannedStep(Stage.WRITE_OUTPUTS, PlannedStep.Action.WRITE_FILES, List.of(), List.of(),
                Optional.empty(), "write each output of the build options, and beside each its SBOM OUTPUT"
                        + CycloneDxJson.SUFFIX + " (CycloneDX 1.6: the packages of /var/lib/dpkg/status with their"
                        + " licenses and purls, and the build's provenance)"));
    }

    public WrittenOutputs run(StageContext context) {
        Sbom sbom = RootfsSbom.read(context.rootfsFiles(), context.recipe(), context.release(),
                context.sourceDateEpoch().instant(), text -> context.events().warning(Stage.WRITE_OUTPUTS, text));
        byte[] sbomJson = CycloneDxJson.write(sbom);
        int packages = sbom.packages().size();
        context.events().message(Stage.WRITE_OUTPUTS, "SBOM: " + packages + " installed package"
                + (packages == 1 ? "" : "s") + ", " + sbom.packages().stream().filter(p -> !p.licenses().isEmpty()).count()
                + " with licenses from a machine-readable copyright file");
        Map<Output, Path> written = new LinkedHashMap<>();
        Map<Output, Path> sbomFiles = new LinkedHashMap<>();
        Map<Output, CitadelHostKey> hostKeys = new LinkedHashMap<>();
        treeDigest = null;
        try {
            writeEach(context, sbomJson, written, sbomFiles, hostKeys);
        } finally {
            ext4Images.values().forEach(AtomicOutputFile::close);
            ext4Images.clear();
        }
        return new WrittenOutputs(written, hostKeys, sbom, sbomFiles);
    }

    private void writeEach(StageContext context, byte[] sbomJson, Map<Output, Path> written,
                           Map<Output, Path> sbomFiles, Map<Output, CitadelHostKey> hostKeys) {
        for (Output output : context.options().outputs()) {
            context.options().cancellation().ifPresent(c -> c.throwIfCancelled(Stage.WRITE_OUTPUTS));
            tellingAFullFilesystem(context, output, () -> {
                prepareDirectory(output);
                try (AtomicOutputFile sbomFile = new AtomicOutputFile(sbomPath(output))) {
                    writeBytes(sbomFile, sbomJson);
                    Path path = write(context, output, hostKeys);
                    written.put(output, path);
                    context.events().onEvent(new BuildEvent.OutputWritten(output.kind(), path));
                    sbomFiles.put(output, sbomFile.commit());
                    context.events().onEvent(new BuildEvent.OutputWritten("sbom", sbomFile.target()));
                }
            });
        }
    }

    /** Where the SBOM of {@code output} goes: beside it, its file name with {@value CycloneDxJson#SUFFIX}. */
    private static Path sbomPath(Output output) {
        Path path = output.path().toAbsolutePath().normalize();
        return path.resolveSibling(path.getFileName() + CycloneDxJson.SUFFIX);
    }

    private static void writeBytes(AtomicOutputFile file, byte[] content) {
        try {
            Files.write(file.temporary(), content);
        } catch (IOException e) {
            throw HostFiles.ioFailure("write the SBOM", file.temporary(), e);
        }
    }

    private Path write(StageContext context, Output output, Map<Output, CitadelHostKey> hostKeys) {
        if (output instanceof RealmfsImageOutput image) {
            WrittenRealmfsImage written = writeRealmfsImage(context, image);
            written.hostKey().ifPresent(key -> hostKeys.put(image, key));
            return written.image();
        }
        return writeOutput(context, output);
    }

    /** Runs {@code body}, writing the output and its SBOM; a failure for lack of space says so for the whole output. */
    private static void tellingAFullFilesystem(StageContext context, Output output, Runnable body) {
        try {
            body.run();
        } catch (FilesystemFullException e) {
            if (output instanceof Ext4Output) {
                throw e; // the writer's own account says the image's size and what its blocks take
            }
            // said again for the whole output: the space it needs, and what is free once its partial files are gone
            throw writing(context, output).causedBy(e).orElse(e);
        } catch (RuntimeException e) {
            Optional<FilesystemFullException> full = writing(context, output).causedBy(e);
            throw full.isPresent() ? full.get() : e;
        }
    }

    private static FilesystemFullException.Writing writing(StageContext context, Output output) {
        return FilesystemFullException.writing("the " + output.kind() + " output " + output.path(), output.path())
                .needing(diskBytesNeeded(context.rootfs(), output))
                .advice("Free space there, or write the output to a filesystem with more room.");
    }

    /**
     * About what writing {@code output} takes on its filesystem at its peak: the rootfs's blocks for
     * a tar or an ext4 image (sparse); a tar.xz stages the plain tar beside the compressed one; a
     * RealmFS image stages the ext4 image and, compressed, its xz payload beside the image.
     */
    private static long diskBytesNeeded(Path rootfs, Output output) {
        long tree;
        try {
            tree = RootfsFootprint.measure(rootfs).contentBytes();
        } catch (IOException e) {
            return 0;
        }
        if (output instanceof TarOutput tar) {
            return tar.compression() == TarOutput.Compression.NONE ? tree : tree + tree / 2;
        }
        if (output instanceof RealmfsImageOutput image) {
            return image.compressed() ? 3 * tree : 2 * tree;
        }
        return tree;
    }

    private static void prepareDirectory(Output output) {
        try {
            Files.createDirectories(output.path().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw HostFiles.ioFailure("create the directory of the output", output.path(), e);
        }
    }

    private Path writeOutput(StageContext context, Output output) {
        if (output instanceof TarOutput tar) {
            return writeTar(context, tar);
        } else if (output instanceof Ext4Output ext4) {
            Ext4Size size = ext4Size(ext4.sizeBytes());
            try (AtomicOutputFile image = new AtomicOutputFile(ext4.path())) {
                ext4Writer(context).writeUncommitted(bases.baseFor(size), context.rootfs(), size, image);
                return image.commit();
            }
        }
        throw new InvalidRecipeException("Output kind '" + output.kind() + "' (" + output.getClass().getName()
                + ") is not supported by this engine");
    }

    private WrittenRealmfsImage writeRealmfsImage(StageContext context, RealmfsImageOutput image) {
        Ext4Size size = ext4Size(image).orElseThrow();
        AtomicOutputFile ext4 = ext4Images.get(size);
        if (ext4 == null) {
            // an intermediate file, never committed: deleted when the stage ends, or by the next build if killed
            ext4 = new AtomicOutputFile(image.directory().resolve(image.path().getFileName() + ".ext4"));
            ext4Images.put(size, ext4);
            ext4Writer(context).writeUncommitted(bases.baseFor(size), context.rootfs(), size, ext4);
        } else {
            context.events().message(Stage.WRITE_OUTPUTS, "the ext4 image made for the previous RealmFS image"
                    + " serves this one too");
        }
        RealmfsImageSpec spec = RealmfsImageSpec.of(image, treeDigest(context), context.sourceDateEpoch().instant());
        WrittenRealmfsImage written = new RealmfsImageWriter(context.commands(), chunkCache)
                .write(ext4.temporary(), spec, image.directory());
        context.events().onEvent(new BuildEvent.OutputWritten("verity hash tree", written.hashTree()));
        context.events().message(Stage.WRITE_OUTPUTS, "RealmFS image " + written.image().getFileName()
                + ": verity root " + written.metainfo().verityRoot()
                + written.publicKey().map(k -> ", signed, public key " + k.hex()).orElse(", unsigned"));
        written.hostKey().ifPresent(key -> context.events().message(Stage.WRITE_OUTPUTS, key.instructions()));
        return written;
    }

    private TreeDigest treeDigest(StageContext context) {
        if (treeDigest == null) {
            long start = System.nanoTime();
            treeDigest = TreeDigest.of(context.rootfs());
            context.events().message(Stage.WRITE_OUTPUTS, "rootfs digest " + treeDigest + " ("
                    + (System.nanoTime() - start) / 1_000_000 + " ms)");
        }
        return treeDigest;
    }

    private static Ext4DeltaWriter ext4Writer(StageContext context) {
        return new Ext4DeltaWriter(context.commands());
    }

    private static Ext4Size ext4Size(OptionalLong bytes) {
        return bytes.isPresent() ? Ext4Size.fixed(bytes.getAsLong()) : Ext4Size.fitContent();
    }

    /** The finished rootfs has nothing mounted in it: what a tar output leaves out, the user should know. */
    private static void reportOmissions(StageContext context, TarOutput tar, TarOmissions omissions) {
        omissions.describe("The " + tar.kind() + " output " + tar.path())
                .ifPresent(text -> context.events().warning(Stage.WRITE_OUTPUTS, text));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw HostFiles.ioFailure("read the size of", file, e);
        }
    }

    private Path writeTar(StageContext context, TarOutput tar) {
        Path rootfs = context.rootfs();
        TarOmissions omissions = new TarOmissions();
        ProgressReport writing = ProgressReport.bytes(context.events(), Stage.WRITE_OUTPUTS,
                "write the tar output " + tar.path().getFileName());
        if (tar.compression() == TarOutput.Compression.NONE) {
            new RootfsTarWriter(omissions).writeTo(rootfs, tar.path(), writing);
            writing.finished(size(tar.path()), 0);
            reportOmissions(context, tar, omissions);
            return tar.path();
        }
        XzCompressor xz = new XzCompressor(HostTools.onCommandPath(), context.commands(),
                "compress the tar output " + tar.path());
        xz.requireInstalled();
        try (AtomicOutputFile plain = new AtomicOutputFile(tar.path().resolveSibling(tar.path().getFileName() + ".tar"));
             AtomicOutputFile compressed = new AtomicOutputFile(tar.path())) {
            try (OutputStream out = new FileOutputStream(plain.temporary().toFile())) {
                new RootfsTarWriter(omissions).write(rootfs, new ProgressOutputStream(out, writing));
            } catch (IOException e) {
                throw HostFiles.ioFailure("write", plain.temporary(), e);
            }
            writing.finished(size(plain.temporary()), 0);
            reportOmissions(context, tar, omissions);
            // xz reads the tar itself: what it has written so far is what can be seen of its progress
            ProgressReport compressing = ProgressReport.bytes(context.events(), Stage.WRITE_OUTPUTS,
                    "xz: compress the tar output " + tar.path().getFileName() + " (compressed bytes written)");
            try (PolledProgress polled = PolledProgress.start(compressing, () -> size(compressed.temporary()), 0,
                    PolledProgress.EVERY)) {
                xz.compress(plain.temporary(), compressed.temporary());
            }
            compressing.finished(size(compressed.temporary()), 0);
            return compressed.commit();
        }
    }
}
