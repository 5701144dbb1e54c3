package org.citadel.realmfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.output.image.HostTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xz -T0} makes the same bytes on one core as on all of them: since xz 5.4 it compresses in
 * blocks of a size set by the preset (24 MiB at -6) whatever the number of threads, so the tar.xz
 * and the compressed RealmFS image do not depend on the host's cores.
 */
class XzReproducibilityIT {
    @TempDir
    Path dir;

    @Test
    void one_core_and_every_core_give_the_same_stream_for_data_of_more_than_one_block() throws IOException {
        // 26 MiB, two of xz's blocks, mostly zeros as an ext4 image is: compressed in about a second
        byte[] bytes = new byte[26 * 1024 * 1024];
        for (int at = 0; at < bytes.length; at += 4096) {
            byte[] text = ("block " + at + " ").repeat(8).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, bytes, at, text.length);
        }
        Path data = Files.write(dir.resolve("data"), bytes);
        Path everyCore = dir.resolve("every-core.xz");
        try (RecordedCommands commands = RecordedCommands.onHost(dir)) {
            new XzCompressor(HostTools.onCommandPath(), commands.commands(), "compress the test data")
                    .compress(data, everyCore);
        }
        Path oneCore = dir.resolve("one-core.xz");
        HostTool.run("sh", "-c", "taskset -c 0 xz -T0 -6 --stdout < '" + data + "' > '" + oneCore + "'");

        assertThat(HostTool.run("xz", "--robot", "--list", everyCore.toString())).as("one stream of two blocks")
                .containsPattern("\nfile\t1\t2\t");
        assertThat(Files.mismatch(everyCore, oneCore)).isEqualTo(-1L);
    }
}
