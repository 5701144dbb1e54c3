package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.CitadelHostKey;
import org.citadel.realmfs.api.Ext4Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.engine.WorkDirectory;
import org.citadel.realmfs.core.events.BuildLog;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.output.WriteOutputsStage;
import org.citadel.realmfs.core.output.WrittenOutputs;
import org.citadel.realmfs.core.process.Spawner;
import org.citadel.realmfs.core.rootfs.TreeDigest;
import org.citadel.realmfs.core.stage.StageContext;
import org.citadel.realmfs.core.stage.TestReleases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-outputs stage writing a RealmFS image from a small rootfs (no debootstrap): the free space the
 * options ask for, the installed file, and for a non-dev channel the host key lines as an event and
 * in what the stage returns for the build's result.
 */
class WriteOutputsRealmfsImageIT {
    private static final String OWN_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final long FREE = 48L * 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void a_stable_installed_image_has_the_free_space_asked_for_and_the_build_says_what_the_host_needs()
            throws IOException {
        RealmfsImageOutput output = RealmfsImageOutput.builder(work.resolve("out")).name("work-tools")
                .channel("stable").signingKeyHex(OWN_SEED).installedFile().freeSpaceBytes(FREE).build();
        BuildOptions options = BuildOptions.builder().output(output).build();
        WorkDirectory directories = WorkDirectory.of(work, options);
        RealmfsImageIT.RootfsFixture.create(directories.rootfs());
        List<BuildEvent> events = new ArrayList<>();

        WrittenOutputs written;
        try (BuildLog log = new BuildLog(directories.buildLog())) {
            EventDispatcher dispatcher = new EventDispatcher(log, List.of(events::add));
            StageContext context = new StageContext(RealmfsBuild.builder().build(), options,
                    TestReleases.trixie("http://unused.invalid/"), TestReleases.EPOCH, null,
                    BuildCommands.spawnedBy(Spawner.host(), dispatcher, directories.rootfs()), null);
            try (TreeBases bases = rootfsAsBase(context, directories)) {
                written = new WriteOutputsStage(Optional.empty(), bases).run(context);
            }
        }

        Path image = work.resolve("out/work-tools-realmfs.img");
        assertThat(written.paths()).containsEntry(output, image);
        CitadelHostKey key = new CitadelHostKey("stable", SigningKey.fromHex(OWN_SEED).verifyingKey().hex());
        assertThat(written.hostKeys()).containsExactlyEntriesOf(java.util.Map.of(output, key));
        assertThat(events).filteredOn(BuildEvent.Message.class::isInstance).map(e -> ((BuildEvent.Message) e).text())
                .anySatisfy(text -> assertThat(text).contains("CITADEL_CHANNEL=stable",
                        "CITADEL_IMAGE_PUBKEY=" + key.publicKeyHex(), "citadel.channel=stable:" + key.publicKeyHex()));
        assertThat(CitadelImageCheck.problems(image, key.osReleaseLines(), Files.createDirectory(work.resolve("check"))))
                .isEmpty();
        assertThat(freeBytesOfTheExt4(image)).as("at least the free space asked for, and not much more")
                .isBetween(FREE, FREE + 24L * 1024 * 1024);
    }

    @Test
    void the_stage_dates_its_images_with_the_builds_epoch_and_writes_the_same_bytes_again() throws IOException {
        RealmfsImageOutput output = RealmfsImageOutput.builder(work.resolve("out")).compressed(false)
                .freeSpaceBytes(FREE).build();
        Ext4Output ext4 = new Ext4Output(work.resolve("out/rootfs.ext4"), java.util.OptionalLong.of(32L << 20));
        BuildOptions options = BuildOptions.builder().output(output).output(ext4).build();
        WorkDirectory directories = WorkDirectory.of(work, options);
        RealmfsImageIT.RootfsFixture.create(directories.rootfs());
        TreeDigest digest = TreeDigest.of(directories.rootfs());

        List<BuildEvent> events = writeOutputs(options, directories);
        String imageSha256 = Sha256.hex(Files.readAllBytes(output.path()));
        String ext4Sha256 = Sha256.hex(Files.readAllBytes(ext4.path()));
        writeOutputs(options, directories);

        assertThat(Sha256.hex(Files.readAllBytes(output.path()))).isEqualTo(imageSha256);
        assertThat(Sha256.hex(Files.readAllBytes(ext4.path()))).isEqualTo(ext4Sha256);
        assertThat(RealmfsImageReader.open(output.path()).metainfo().timestamp()).isEqualTo("20250101000000");
        assertThat(HostTool.run("dumpe2fs", "-h", ext4.path().toString()))
                .containsPattern("Filesystem UUID: +" + digest.nameBasedUuid("ext4 uuid") + "\n")
                .containsPattern("Filesystem created: +Wed Jan  1 00:00:00 2025\n");
        assertThat(events).filteredOn(BuildEvent.Message.class::isInstance).map(e -> ((BuildEvent.Message) e).text())
                .as("the rootfs digest, computed once for both outputs")
                .filteredOn(text -> text.startsWith("rootfs digest " + digest + " ")).hasSize(1);
    }

    private static List<BuildEvent> writeOutputs(BuildOptions options, WorkDirectory directories) {
        List<BuildEvent> events = new ArrayList<>();
        try (BuildLog log = new BuildLog(directories.buildLog())) {
            EventDispatcher dispatcher = new EventDispatcher(log, List.of(events::add));
            StageContext context = new StageContext(RealmfsBuild.builder().build(), options,
                    TestReleases.trixie("http://unused.invalid/"), TestReleases.EPOCH, null,
                    BuildCommands.spawnedBy(Spawner.host(), dispatcher, directories.rootfs()), null);
            try (TreeBases bases = rootfsAsBase(context, directories)) {
                new WriteOutputsStage(Optional.empty(), bases).run(context);
            }
        }
        return events;
    }

    /** The rootfs as its own base: the delta writer's empty delta. */
    private static TreeBases rootfsAsBase(StageContext context, WorkDirectory directories) {
        return new TreeBases(directories.rootfs(), directories.root(), context.commands(),
                context.sourceDateEpoch().instant());
    }

    private Path dataOf(Path image) throws IOException {
        Path data = work.resolve("data.ext4");
        HostTool.run("dd", "if=" + image, "of=" + data, "bs=4096", "skip=1", "conv=sparse", "status=none");
        return data;
    }

    private long freeBytesOfTheExt4(Path image) throws IOException {
        String header = HostTool.run("dumpe2fs", "-h", dataOf(image).toString());
        Matcher free = Pattern.compile("Free blocks:\\s+(\\d+)").matcher(header);
        assertThat(free.find()).as(header).isTrue();
        return Long.parseLong(free.group(1)) * 4096;
    }
}
