package org.citadel.realmfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.events.BuildLog;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.stage.StageContext;
import org.citadel.realmfs.core.stage.TestReleases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-outputs stage tells the user what a tar output leaves out of the rootfs. */
class WriteOutputsStageTest {
    @TempDir
    Path directory;

    @Test
    void aTarOutputReportsTheSocketsItLeavesOutAsAWarningNamingTheirRootfsPaths() throws IOException {
        Path work = directory.resolve("work");
        Path rootfs = Files.createDirectories(work.resolve("rootfs/run/daemon"));
        Files.writeString(Files.createDirectories(work.resolve("rootfs/etc")).resolve("hostname"), "realm\n");
        Path tar = directory.resolve("out/rootfs.tar");
        BuildOptions options = BuildOptions.builder().output(Output.tar(tar)).build();
        List<BuildEvent> events = new ArrayList<>();
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             BuildLog log = new BuildLog(directory.resolve("build.log"))) {
            socket.bind(UnixDomainSocketAddress.of(rootfs.resolve("control.sock")));
            StageContext context = new StageContext(RealmfsBuild.builder().build(), options,
                    TestReleases.trixie("http://mirror.invalid/debian"), TestReleases.EPOCH, null,
                    BuildCommands.spawnedBy(null, new EventDispatcher(log, List.of(events::add)), work.resolve("rootfs")), null);

            new WriteOutputsStage().run(context);
        }

        assertThat(tar).isRegularFile();
        assertThat(events).filteredOn(BuildEvent.Warning.class::isInstance).singleElement()
                .isEqualTo(new BuildEvent.Warning(Stage.WRITE_OUTPUTS, "The tar output " + tar
                        + " leaves out 1 socket /run/daemon/control.sock (a tar cannot hold one; a running service"
                        + " creates its own)"));
    }

    @Test
    void aTarOutputOfAPlainTreeWarnsOfNothing() throws IOException {
        Path work = directory.resolve("work");
        Files.writeString(Files.createDirectories(work.resolve("rootfs/etc")).resolve("hostname"), "realm\n");
        BuildOptions options = BuildOptions.builder().output(Output.tar(directory.resolve("rootfs.tar"))).build();
        List<BuildEvent> events = new ArrayList<>();
        try (BuildLog log = new BuildLog(directory.resolve("build.log"))) {
            new WriteOutputsStage().run(new StageContext(RealmfsBuild.builder().build(), options,
                    TestReleases.trixie("http://mirror.invalid/debian"), TestReleases.EPOCH, null,
                    BuildCommands.spawnedBy(null, new EventDispatcher(log, List.of(events::add)), work.resolve("rootfs")), null));
        }

        assertThat(events).noneMatch(BuildEvent.Warning.class::isInstance).anyMatch(BuildEvent.OutputWritten.class::isInstance);
    }
}
