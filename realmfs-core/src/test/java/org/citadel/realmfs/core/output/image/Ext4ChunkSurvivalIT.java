package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A post module writing one config file leaves all but a few 24 MiB payload chunks of the delta-written
 * ext4 image as they were (the files before it in name order keep their inodes and blocks), where
 * {@code mkfs.ext4 -d} of the whole tree moves everything after the new file. Needs root.
 */
class Ext4ChunkSurvivalIT {
    private static final Instant EPOCH = Instant.parse("2025-05-17T12:34:56Z");
    private static final FileTime MTIME = FileTime.from(Instant.parse("2024-03-01T00:00:00Z"));

    @TempDir
    static Path shared;
    static RecordedCommands commands;
    static Path base;
    static Path withConfig;

    @BeforeAll
    static void makeAPackageLayerOf300MibAndTheSameWithOneConfigFile() throws IOException {
        commands = RecordedCommands.onHost(shared);
        base = Files.createDirectory(shared.resolve("base"));
        Random random = new Random(15);
        for (String top : new String[] {"bin", "etc", "usr", "var"}) {
            for (int d = 0; d < 8; d++) {
                Path dir = Files.createDirectories(base.resolve(top + "/d" + d));
                for (int f = 0; f < 80; f++) {
                    byte[] content = new byte[40_000 + random.nextInt(160_000)];
                    random.nextBytes(content);
                    Files.setLastModifiedTime(Files.write(dir.resolve("f" + f), content), MTIME);
                }
                Files.setLastModifiedTime(dir, MTIME);
            }
        }
        withConfig = shared.resolve("with-config");
        HostTool.run("cp", "-a", base.toString(), withConfig.toString());
        Files.writeString(withConfig.resolve("etc/d3/realm.conf"), "a=1\n");
    }

    @AfterAll
    static void closeTheLog() {
        commands.close();
    }

    @Test
    void at_least_three_quarters_of_the_chunks_survive_one_added_config_file() throws IOException {
        Ext4DeltaWriter delta = new Ext4DeltaWriter(commands.commands());
        Path before = delta.write(base, base, Ext4Size.fitContent(), EPOCH, shared.resolve("before.ext4")).path();
        Path after = delta.write(base, withConfig, Ext4Size.fitContent(), EPOCH, shared.resolve("after.ext4")).path();

        Ext4ChunkSurvival survival = Ext4ChunkSurvival.of(before, after);
        System.out.println("delta writer, one config file added: " + survival);
        assertThat(survival.chunks()).isGreaterThanOrEqualTo(15);
        assertThat(survival.fraction()).as(survival.toString()).isGreaterThanOrEqualTo(0.75);
        // what changes is the chunk of the group descriptors and bitmaps, the directory's and the new data's
        assertThat(survival.unchanged()).as(survival.toString()).isGreaterThanOrEqualTo(survival.chunks() - 4);
    }

    @Test
    void the_chunk_digests_cover_the_zero_block_and_the_whole_image() throws IOException {
        Path image = Files.write(shared.resolve("small"), new byte[Ext4ChunkSurvival.CHUNK + 1]);

        assertThat(Ext4ChunkSurvival.chunkDigests(image)).hasSize(2);
        assertThat(Ext4ChunkSurvival.of(image, image)).isEqualTo(new Ext4ChunkSurvival(2, 2));
    }
}
