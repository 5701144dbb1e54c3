package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build.conf whose pre-install function leaves variables (exported, unexported, an array, an
 * associative array, an integer) and a function in the shell, which its post-install function writes
 * into files: built cold, rebuilt from the package layer, rebuilt after a change to the post-install
 * function only, and after a change to a function the pre-install function calls through another;
 * and one whose pre-install function leaves a file descriptor open, which keeps the layer from being stored.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShellStateIT {
    private static final String BUILD_CONF = """
            BASE_PACKAGES=""
            BASE_PRE_INSTALL_MODULES=""
            BASE_POST_INSTALL_MODULES=""
            PACKAGES="less"
            PRE_INSTALL_MODULES="prepare"
            POST_INSTALL_MODULES="report"

            stamp() { echo "stamp v1"; }
            greet() { stamp; }
            prepare() {
                export EXPORTED="exported value"
                UNEXPORTED="line one
            line two"
                declare -ga LIST=(alpha "beta gamma")
                declare -gA MAP=([key]="mapped value")
                declare -gi COUNT=41
                COUNT+=1
                shout() { echo "shout: $1"; }
                GREETING="$(greet)"
                cd /usr/share
            }
            report() {
                echo "report v1" > /etc/report-version
                echo "$EXPORTED" > /etc/state-exported
                env | grep '^EXPORTED=' > /etc/state-environment
                printf '%s\\n' "$UNEXPORTED" > /etc/state-unexported
                printf '%s|' "${LIST[@]}" > /etc/state-list
                echo "${MAP[key]} $COUNT" > /etc/state-map-and-count
                shout hi > /etc/state-function
                echo "$GREETING" > /etc/state-greeting
                pwd > /etc/state-directory
            }
            """;

    @TempDir
    static Path shared;
    private static Path conf;
    private static Map<String, String> cold;
    private static Map<String, String> coldFiles;

    @BeforeAll
    static void coldBuild() throws IOException {
        conf = Files.createDirectories(shared.resolve("config")).resolve("build.conf");
        Files.writeString(conf, BUILD_CONF);
        List<BuildEvent> events = new ArrayList<>();
        Path tar = build("cold", options(events).clearLayerCache(true));
        assertThat(messages(events)).anyMatch(m -> m.startsWith("stored the package layer"));
        cold = listing(tar);
        coldFiles = contents(tar);
    }

    @AfterEach
    void nothingStaysMounted() {
        assertThat(ItSupport.hostMountsIn(shared)).isEmpty();
    }

    @Test
    @Order(1)
    void theColdBuildsPostInstallFunctionSawWhatThePreInstallFunctionLeftInTheShell() {
        assertThat(coldFiles).containsEntry("./etc/state-exported", "exported value\n")
                .containsEntry("./etc/state-environment", "EXPORTED=exported value\n")
                .containsEntry("./etc/state-unexported", "line one\nline two\n")
                .containsEntry("./etc/state-list", "alpha|beta gamma|")
                .containsEntry("./etc/state-map-and-count", "mapped value 42\n")
                .containsEntry("./etc/state-function", "shout: hi\n")
                .containsEntry("./etc/state-greeting", "stamp v1\n")
                .containsEntry("./etc/state-directory", "/usr/share\n");
    }

    @Test
    @Order(2)
    void aRebuildFromThePackageLayerMakesTheSameTreeFileForFile() throws IOException {
        List<BuildEvent> events = new ArrayList<>();
        Path tar = build("cached", options(events));

        assertThat(skipped(events)).contains(Stage.PRE_INSTALL_MODULES, Stage.INSTALL_PACKAGES);
        assertThat(listing(tar)).isEqualTo(cold);
    }

    @Test
    @Order(3)
    void changingOnlyThePostInstallFunctionReusesThePackageLayer() throws IOException {
        Files.writeString(conf, BUILD_CONF.replace("report v1", "report v2"));
        List<BuildEvent> events = new ArrayList<>();
        Path tar = build("post-changed", options(events));

        assertThat(skipped(events)).contains(Stage.PRE_INSTALL_MODULES, Stage.INSTALL_PACKAGES);
        Map<String, String> files = contents(tar);
        assertThat(files).containsEntry("./etc/report-version", "report v2\n");
        coldFiles.forEach((name, content) -> {
            if (name.startsWith("./etc/state-")) {
                assertThat(files).containsEntry(name, content);
            }
        });
    }

    @Test
    @Order(4)
    void changingAFunctionThePreInstallFunctionCallsThroughAnotherRebuildsThePackageLayer() throws IOException {
        Files.writeString(conf, BUILD_CONF.replace("stamp v1", "stamp v2"));
        List<BuildEvent> events = new ArrayList<>();
        Path tar = build("pre-reach-changed", options(events));

        assertThat(skipped(events)).containsExactly(Stage.BOOTSTRAP);
        assertThat(messages(events)).anyMatch(m -> m.startsWith("rebuilding the package layer: shell function stamp"));
        assertThat(contents(tar)).containsEntry("./etc/state-greeting", "stamp v2\n");
    }

    @Test
    @Order(5)
    void aFileDescriptorLeftOpenByThePreInstallPhaseIsNamedAndThePackageLayerIsNotStored() throws IOException {
        Path openFd = Files.createDirectories(shared.resolve("open-fd")).resolve("build.conf");
        Files.writeString(openFd, BUILD_CONF.replace("cd /usr/share", "cd /usr/share\n    exec 7>/dev/null"));
        List<BuildEvent> events = new ArrayList<>();
        Path tar = build(openFd, "open-fd", options(events));

        assertThat(events).anyMatch(e -> e instanceof BuildEvent.Warning w
                && w.text().startsWith("The package layer is not cached: the pre-install modules left state in the shell")
                && w.text().contains("a file descriptor was left open"));
        assertThat(messages(events)).noneMatch(m -> m.startsWith("stored the package layer"));
        assertThat(contents(tar)).containsEntry("./etc/state-greeting", "stamp v1\n");
    }

    private static Path build(String name, BuildOptions.Builder options) {
        return build(conf, name, options);
    }

    private static Path build(Path conf, String name, BuildOptions.Builder options) {
        Path tar = shared.resolve(name + ".tar");
        RealmfsBuild.fromShellConfig(conf).run(shared.resolve("work-" + name), options.output(Output.tar(tar)).build());
        return tar;
    }

    private static BuildOptions.Builder options(List<BuildEvent> events) {
        return ItSupport.options().layerCacheDirectory(shared.resolve("layer-cache")).listener(events::add);
    }

    private static List<Stage> skipped(List<BuildEvent> events) {
        return events.stream().filter(e -> e instanceof BuildEvent.StageSkipped)
                .map(e -> ((BuildEvent.StageSkipped) e).stage()).toList();
    }

    private static List<String> messages(List<BuildEvent> events) {
        return events.stream().filter(e -> e instanceof BuildEvent.Message)
                .map(e -> ((BuildEvent.Message) e).text()).toList();
    }

    /** Every entry of a tar by name: its type, mode, owner, link target and content digest. */
    private static Map<String, String> listing(Path tar) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
             TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
                String type = e.isDirectory() ? "DIR" : e.isSymbolicLink() ? "SYMLINK" : e.isLink() ? "HARDLINK" : "FILE";
                entries.put(e.getName(), type + " " + Integer.toOctalString(e.getMode() & 07777) + " "
                        + e.getLongUserId() + ":" + e.getLongGroupId() + " -> " + e.getLinkName()
                        + " sha256 " + sha256(archive.readAllBytes()));
            }
        }
        return entries;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The text of every regular file under ./etc of a tar, by name. */
    private static Map<String, String> contents(Path tar) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
             TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
                if (e.isFile() && e.getName().startsWith("./etc/")) {
                    files.put(e.getName(), new String(archive.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
