package org.citadel.realmfs.core.output;

import org.citadel.realmfs.core.output.image.TreeBases;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.api.TarOutput;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.Spawner;
import org.citadel.realmfs.core.stage.StageContext;
import org.citadel.realmfs.core.stage.TestReleases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output stage writing a tar.xz from a small rootfs (no debootstrap): xz runs through the
 * build's commands like every other tool, the archive holds the tree, and no staging file is left.
 */
class TarOutputStageIT {
    @TempDir
    Path work;

    @Test
    void a_tar_xz_output_is_one_xz_stream_of_the_rootfs_tree_and_leaves_no_staging_file() throws IOException {
        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hostname"), "realm\n");
        Files.createSymbolicLink(rootfs.resolve("etc/localtime"), Path.of("../usr/share/zoneinfo/UTC"));
        Path out = Files.createDirectory(work.resolve("out"));
        TarOutput tar = new TarOutput(out.resolve("rootfs.tar.xz"), TarOutput.Compression.XZ);
        BuildOptions options = BuildOptions.builder().output(tar).build();

        WrittenOutputs written;
        List<BuildEvent> events;
        try (RecordedCommands commands = RecordedCommands.onHost(work, rootfs)) {
            StageContext context = new StageContext(RealmfsBuild.builder().build(), options,
                    TestReleases.trixie("http://unused.invalid/"), TestReleases.EPOCH, null, commands.commands(), null);
            written = new WriteOutputsStage(Optional.empty(), TreeBases.none()).run(context);
            events = commands.events();
        }

        assertThat(written.paths()).containsEntry(tar, tar.path());
        assertThat(events).contains(new BuildEvent.OutputWritten(tar.kind(), tar.path()));
        assertThat(out).isDirectoryContaining(p -> p.equals(tar.path()));
        try (var files = Files.list(out)) {
            assertThat(files).as("nothing but the output and its SBOM")
                    .containsExactlyInAnyOrder(tar.path(), out.resolve("rootfs.tar.xz.cdx.json"));
        }
        assertThat(listing(tar.path())).contains("./etc/hostname", "./etc/localtime -> ../usr/share/zoneinfo/UTC");
        assertThat(lastProgress(events, "write the tar output rootfs.tar.xz")).as("the plain tar's bytes, whole records")
                .isPositive().matches(bytes -> bytes % 512 == 0);
        assertThat(lastProgress(events, "xz: compress the tar output rootfs.tar.xz (compressed bytes written)"))
                .isEqualTo(Files.size(tar.path()));
        assertThat(events).filteredOn(BuildEvent.CommandOutput.class::isInstance)
                .allSatisfy(e -> assertThat(((BuildEvent.CommandOutput) e).stage()).isEqualTo(Stage.WRITE_OUTPUTS));
    }

    /** The count of the last progress event of {@code what}, after counts that never went back. */
    private static long lastProgress(List<BuildEvent> events, String what) {
        List<Long> counts = events.stream().filter(BuildEvent.Progress.class::isInstance)
                .map(BuildEvent.Progress.class::cast).filter(p -> p.what().equals(what))
                .peek(p -> assertThat(p.stage()).isEqualTo(Stage.WRITE_OUTPUTS)).map(BuildEvent.Progress::done).toList();
        assertThat(counts).as(what).isNotEmpty().isSorted();
        return counts.get(counts.size() - 1);
    }

    /** What {@code tar -tvJf} names, file name and link target only. */
    private static List<String> listing(Path archive) {
        List<String> lines = new ArrayList<>();
        int exit;
        try (Spawner spawner = Spawner.host()) {
            exit = spawner.run(Command.host("tar", "--list", "--verbose", "--xz", "--file", archive.toString()), lines::add);
        }
        assertThat(exit).as("tar --list of " + archive + ": " + lines).isZero();
        return lines.stream().map(line -> line.replaceFirst("^(?:\\S+\\s+){5}", "")).toList();
    }
}
