package org.citadel.realmfs.core.output;

import org.citadel.realmfs.core.output.image.TreeBases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.events.BuildLog;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.sbom.CycloneDxJson;
import org.citadel.realmfs.core.stage.StageContext;
import org.citadel.realmfs.core.stage.TestReleases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-outputs stage tells the user what a tar output leaves out of the rootfs, and writes the SBOM beside each output. */
class WriteOutputsStageTest {
    @TempDir
    Path directory;

    @Test
    void aTarOutputReportsTheSocketsItLeavesOutAsAWarningNamingTheirRootfsPaths() throws IOException {
        Path work = directory.resolve("work");
        Path rootfs = Files.createDirectories(work.resolve("rootfs/run/daemon"));
        Files.writeString(Files.createDirectories(work.resolve("rootfs/etc")).resolve("hostname"), "realm\n");
        Files.writeString(Files.createDirectories(work.resolve("rootfs/var/lib/dpkg")).resolve("status"), "");
        Path tar = directory.resolve("out/rootfs.tar");
        BuildOptions options = BuildOptions.builder().output(Output.tar(tar)).build();
        List<BuildEvent> events = new ArrayList<>();
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             BuildLog log = new BuildLog(directory.resolve("build.log"))) {
            socket.bind(UnixDomainSocketAddress.of(rootfs.resolve("control.sock")));
            StageContext context = new StageContext(RealmfsBuild.builder().build(), options,
                    TestReleases.trixie("http://mirror.invalid/debian"), TestReleases.EPOCH, null,
                    BuildCommands.spawnedBy(null, new EventDispatcher(log, List.of(events::add)), work.resolve("rootfs")), null);

            new WriteOutputsStage(Optional.empty(), TreeBases.none()).run(context);
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
        Files.writeString(Files.createDirectories(work.resolve("rootfs/var/lib/dpkg")).resolve("status"), "");
        BuildOptions options = BuildOptions.builder().output(Output.tar(directory.resolve("rootfs.tar"))).build();
        List<BuildEvent> events = new ArrayList<>();
        try (BuildLog log = new BuildLog(directory.resolve("build.log"))) {
            new WriteOutputsStage(Optional.empty(), TreeBases.none()).run(new StageContext(RealmfsBuild.builder().build(), options,
                    TestReleases.trixie("http://mirror.invalid/debian"), TestReleases.EPOCH, null,
                    BuildCommands.spawnedBy(null, new EventDispatcher(log, List.of(events::add)), work.resolve("rootfs")), null));
        }

        assertThat(events).noneMatch(BuildEvent.Warning.class::isInstance).anyMatch(BuildEvent.OutputWritten.class::isInstance);
    }

    @Test
    void everyOutputGetsTheRootfsSbomBesideItAndTheResultCarriesIt() throws IOException {
        Path work = rootfsWithOnePackage();
        Path tar = directory.resolve("a/rootfs.tar");
        Path other = directory.resolve("b/other.tar");
        BuildOptions options = BuildOptions.builder().output(Output.tar(tar)).output(Output.tar(other)).build();
        List<BuildEvent> events = new ArrayList<>();

        WrittenOutputs written = write(work, options, events);

        Path sbom = directory.resolve("a/rootfs.tar.cdx.json");
        assertThat(written.sbom().packages()).extracting(p -> p.name() + " " + p.purl())
                .containsExactly("hello pkg:deb/debian/hello@2.10-3?arch=amd64&distro=debian-trixie");
        assertThat(written.sbomFiles()).containsEntry(options.outputs().get(0), sbom)
                .containsEntry(options.outputs().get(1), directory.resolve("b/other.tar.cdx.json"));
        assertThat(Files.readAllBytes(sbom)).isEqualTo(CycloneDxJson.write(written.sbom()))
                .isEqualTo(Files.readAllBytes(directory.resolve("b/other.tar.cdx.json")));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(sbom)))
                .isEqualTo("rw-r--r--");
        assertThat(events).contains(new BuildEvent.Message(Stage.WRITE_OUTPUTS,
                "SBOM: 1 installed package, 0 with licenses from a machine-readable copyright file"));
        assertThat(events).filteredOn(BuildEvent.OutputWritten.class::isInstance).containsExactly(
                new BuildEvent.OutputWritten("tar", tar), new BuildEvent.OutputWritten("sbom", sbom),
                new BuildEvent.OutputWritten("tar", other),
                new BuildEvent.OutputWritten("sbom", directory.resolve("b/other.tar.cdx.json")));
    }

    @Test
    void anOutputThatFailsLeavesNoSbomFileNotEvenAPartialOne() throws IOException {
        Path work = rootfsWithOnePackage();
        Path tar = directory.resolve("out/rootfs.tar");
        Files.writeString(Files.createDirectories(tar).resolve("in-the-way"), "a directory where the tar goes\n");
        BuildOptions options = BuildOptions.builder().output(Output.tar(tar)).build();

        assertThatThrownBy(() -> write(work, options, new ArrayList<>())).isInstanceOf(RealmfsException.class);

        try (var left = Files.list(directory.resolve("out"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("rootfs.tar");
        }
    }

    private Path rootfsWithOnePackage() throws IOException {
        Path work = directory.resolve("work");
        Files.writeString(Files.createDirectories(work.resolve("rootfs/var/lib/dpkg")).resolve("status"), """
                Package: hello
                Status: install ok installed
                Architecture: amd64
                Version: 2.10-3
                """);
        return work;
    }

    private WrittenOutputs write(Path work, BuildOptions options, List<BuildEvent> events) throws IOException {
        try (BuildLog log = new BuildLog(directory.resolve("build.log"))) {
            return new WriteOutputsStage(Optional.empty(), TreeBases.none()).run(new StageContext(RealmfsBuild.builder().build(), options,
                    TestReleases.trixie("http://mirror.invalid/debian"), TestReleases.EPOCH, null,
                    BuildCommands.spawnedBy(null, new EventDispatcher(log, List.of(events::add)), work.resolve("rootfs")), null));
        }
    }
}
