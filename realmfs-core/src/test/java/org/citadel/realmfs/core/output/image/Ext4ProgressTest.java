package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.citadel.realmfs.core.output.AtomicOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steps of writing an ext4 image from a base that report nothing themselves report progress (with the host's e2fsprogs). */
class Ext4ProgressTest {
    private static final Instant TIME = Instant.ofEpochSecond(1_700_000_000);

    @TempDir
    Path directory;

    @Test
    void mkfsTheBasesCopyAndEachDebugfsSessionReportCountsThatGrowToTheirTotal() throws IOException {
        Path base = tree("base");
        Path rootfs = tree("rootfs");
        Files.writeString(rootfs.resolve("etc/changed"), "a post-install module wrote this\n");
        try (RecordedCommands recorded = RecordedCommands.onHost(directory)) {
            Ext4DeltaWriter writer = new Ext4DeltaWriter(recorded.commands(), Stage.INSTALL_PACKAGES);
            Ext4Base written;
            try (AtomicOutputFile baseImage = new AtomicOutputFile(directory.resolve("base.ext4"))) {
                Ext4Base made = writer.writeBase(base, Ext4Size.withFreeSpace(1 << 20), TIME, baseImage);
                written = new Ext4Base(baseImage.commit(), made.manifest(), made.fixed(), made.sizeBytes());
                try (AtomicOutputFile image = new AtomicOutputFile(directory.resolve("image.ext4"))) {
                    writer.writeUncommitted(written, rootfs, Ext4Size.withFreeSpace(1 << 20), image);
                }
            }
            List<BuildEvent.Progress> progress = recorded.events().stream()
                    .filter(BuildEvent.Progress.class::isInstance).map(BuildEvent.Progress.class::cast).toList();

            assertThat(progress).allSatisfy(event -> assertThat(event.stage()).isEqualTo(Stage.INSTALL_PACKAGES));
            List<String> steps = progress.stream().map(BuildEvent.Progress::what).distinct().toList();
            assertThat(steps).containsExactly(
                    "mkfs.ext4 -d: write the ext4 image base.ext4",
                    "debugfs: finish the ext4 image base.ext4",
                    "copy the ext4 base base.ext4",
                    "debugfs: apply the rootfs's changes to the ext4 image image.ext4",
                    "debugfs: set the times and xattr order in the ext4 image image.ext4");
            for (String step : steps) {
                List<BuildEvent.Progress> events = progress.stream().filter(event -> event.what().equals(step)).toList();
                BuildEvent.Progress last = events.get(events.size() - 1);
                assertThat(events.stream().map(BuildEvent.Progress::done).toList()).as(step).isSorted();
                assertThat(last.total()).as(step).isPositive();
                assertThat(last.done()).as(step).isEqualTo(last.total());
                assertThat(events).as(step).allSatisfy(event -> assertThat(event.total()).isEqualTo(last.total()));
            }
            assertThat(progress.get(0).unit()).isEqualTo(BuildEvent.Progress.Unit.BYTES);
            assertThat(progress.get(0).total()).isGreaterThanOrEqualTo(8L << 20); // the tree's data
        }
    }

    @Test
    void theThreeDebugfsSessionsOnOneImageAreThreeStepsEachCountingFromZeroToItsTotal() throws IOException {
        Path tree = tree("tree");
        try (RecordedCommands recorded = RecordedCommands.onHost(directory)) {
            Ext4DeltaWriter writer = new Ext4DeltaWriter(recorded.commands(), Stage.WRITE_OUTPUTS);
            try (AtomicOutputFile image = new AtomicOutputFile(directory.resolve("image.ext4"))) {
                writer.writeUncommitted(tree, tree, Ext4Size.withFreeSpace(1 << 20), TIME, image);
            }
            List<BuildEvent.Progress> progress = recorded.events().stream()
                    .filter(BuildEvent.Progress.class::isInstance).map(BuildEvent.Progress.class::cast).toList();

            assertThat(progress.stream().map(BuildEvent.Progress::what).distinct()).containsExactly(
                    "mkfs.ext4 -d: write the ext4 image image.ext4", "debugfs: finish the ext4 image image.ext4",
                    "debugfs: apply the rootfs's changes to the ext4 image image.ext4",
                    "debugfs: set the times and xattr order in the ext4 image image.ext4");
            for (String step : progress.stream().map(BuildEvent.Progress::what).distinct().toList()) {
                List<Long> counts = progress.stream().filter(event -> event.what().equals(step))
                        .map(BuildEvent.Progress::done).toList();
                assertThat(counts).as(step).isSorted().doesNotHaveDuplicates();
            }
        }
    }

    private Path tree(String name) throws IOException {
        Path tree = Files.createDirectories(directory.resolve(name));
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/hostname"), "realm\n");
        byte[] data = new byte[8 << 20];
        new Random(1).nextBytes(data);
        Files.write(tree.resolve("data"), data);
        for (int i = 0; i < 50; i++) {
            Files.writeString(tree.resolve("etc/file" + i), "file " + i + "\n");
        }
        return tree;
    }
}
