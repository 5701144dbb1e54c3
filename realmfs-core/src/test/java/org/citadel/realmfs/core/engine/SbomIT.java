package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.packageurl.PackageURL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.InstalledPackage;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Sbom;
import org.citadel.realmfs.api.SbomProvenance;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.archive.HostAptSources;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.citadel.realmfs.core.sbom.BuilderVersion;
import org.citadel.realmfs.core.sbom.CycloneDxJson;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One real minbase build with a tar output: the SBOM beside the tar lists exactly the packages dpkg's own
 * {@code dpkg-query} (the host's, reading the rootfs's database) says are installed, with their source
 * packages, purls and the build's provenance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SbomIT {
    private static final Instant EPOCH = Instant.ofEpochSecond(1_735_689_600L);
    private static final Pattern RELEASE_MESSAGE = Pattern.compile(
            "Debian (\\S+) \\((\\S+)\\) from (\\S+), InRelease sha256 ([0-9a-f]{64})");

    Path work;
    Path tar;
    Path installed;
    BuildResult result;
    Sbom sbom;
    final List<BuildEvent> events = new ArrayList<>();

    @BeforeAll
    void buildOnce() throws IOException {
        work = Files.createTempDirectory("realmfs-sbom-it");
        tar = work.resolve("out/rootfs.tar");
        installed = Files.writeString(work.resolve("sbom.conf"), "listed=1\n");
        RealmfsBuild recipe = RealmfsBuild.builder()
                .preModule("say-hello", "echo hello > /etc/hello")
                .postModule("java-step", ctx -> ctx.writeFile("/etc/java-step", "x\n", 0644))
                .installFile(installed, "/etc", 0640)
                .build();
        result = recipe.run(work.resolve("w"), ItSupport.options()
                .useTmpfs(false)
                .keepRootfs(true)
                .sourceDateEpoch(EPOCH)
                .output(Output.tar(tar))
                .listener(events::add)
                .build());
        sbom = result.sbom().orElseThrow();
    }

    @AfterAll
    void removeWork() {
        TreeRemover.removeTree(work);
    }

    @Test
    void listsExactlyThePackagesDpkgSaysAreInstalledWithTheirSourcePackages() throws Exception {
        List<String> dpkg = new ArrayList<>();
        for (String line : dpkgQuery("${db:Status-Status} ${Package} ${Version} ${Architecture}"
                + " ${source:Package} ${source:Version}")) {
            if (line.startsWith("installed ")) {
                dpkg.add(line.substring("installed ".length()));
            }
        }

        assertThat(sbom.packages()).extracting(p -> p.name() + " " + p.version() + " " + p.architecture() + " "
                + p.sourceName() + " " + p.sourceVersion()).containsExactlyInAnyOrderElementsOf(dpkg);
        assertThat(sbom.packages()).hasSizeGreaterThan(80).extracting(InstalledPackage::name)
                .contains("base-files", "dpkg", "systemd-sysv", "locales").isSorted();
    }

    @Test
    void everyPurlNamesItsPackageVersionArchitectureAndTheRelease() throws Exception {
        for (InstalledPackage p : sbom.packages()) {
            PackageURL purl = new PackageURL(p.purl());
            assertThat(purl.getType() + "/" + purl.getNamespace()).as(p.purl()).isEqualTo("deb/debian");
            assertThat(purl.getName()).as(p.purl()).isEqualTo(p.name());
            assertThat(purl.getVersion()).as(p.purl()).isEqualTo(p.version());
            assertThat(purl.getQualifiers()).as(p.purl()).containsExactlyInAnyOrderEntriesOf(
                    java.util.Map.of("arch", p.architecture(), "distro", "debian-trixie"));
            assertThat(p.purl()).as("canonical: the qualifiers sorted, '+' and ':' encoded")
                    .isEqualTo(purl.canonicalize()).doesNotContain("+");
        }
    }

    @Test
    void machineReadableCopyrightFilesGiveLicensesAndFreeFormOnesNone() throws IOException {
        Path rootfs = result.rootfs().orElseThrow();
        int machineReadable = 0;
        for (InstalledPackage p : sbom.packages()) {
            Path copyright = rootfs.resolve("usr/share/doc/" + p.name() + "/copyright");
            boolean dep5 = Files.isRegularFile(copyright) && !Files.isSymbolicLink(copyright)
                    && Files.readString(copyright, StandardCharsets.ISO_8859_1).lines().findFirst()
                    .filter(first -> first.matches("(?i)format:.*/copyright-format/1\\.0/?\\s*")).isPresent();
            if (dep5) {
                machineReadable++;
                assertThat(p.licenses()).as(p.name()).isNotEmpty().isSorted().doesNotHaveDuplicates();
            } else if (!Files.isSymbolicLink(copyright)) {
                assertThat(p.licenses()).as(p.name()).isEmpty();
            }
        }
        assertThat(machineReadable).as("packages with a machine-readable copyright file").isGreaterThan(20);
        assertThat(sbom.packages()).filteredOn(p -> p.name().equals("dpkg")).singleElement()
                .satisfies(p -> assertThat(p.licenses()).contains("GPL-2+"));
    }

    @Test
    void theProvenanceNamesTheArchiveStateTheEpochTheModulesAndTheBuilder() {
        SbomProvenance provenance = sbom.provenance();
        Matcher probed = events.stream().filter(BuildEvent.Message.class::isInstance).map(e -> ((BuildEvent.Message) e).text())
                .map(RELEASE_MESSAGE::matcher).filter(Matcher::matches).findFirst().orElseThrow();

        assertThat(provenance.release()).isEqualTo("trixie").isEqualTo(probed.group(1));
        assertThat(provenance.codename()).isEqualTo("trixie");
        assertThat(provenance.mirror()).isEqualTo(HostAptSources.ofHost().debianMirror().orElseThrow());
        assertThat(provenance.mirror().toString()).isEqualTo(probed.group(3));
        assertThat(provenance.inReleaseSha256()).isEqualTo(probed.group(4));
        assertThat(provenance.sourceDateEpoch()).isEqualTo(EPOCH);
        assertThat(provenance.preInstallModules()).singleElement().satisfies(m -> {
            assertThat(m.name() + " " + m.kind().label()).isEqualTo("say-hello shell");
            assertThat(m.sha256()).isPresent();
        });
        assertThat(provenance.postInstallModules()).extracting(m -> m.kind().label() + " " + m.name() + " " + m.sha256().isPresent())
                .containsExactly("java java-step false", "install-file install-file /etc/sbom.conf true");
        assertThat(provenance.installedFiles()).singleElement().satisfies(f -> {
            assertThat(f.path() + " " + f.mode()).isEqualTo("/etc/sbom.conf 0640");
            assertThat(f.sha256()).contains(Sha256.hex("listed=1\n"));
        });
        assertThat(provenance.builderVersion()).isEqualTo(BuilderVersion.current()).isNotEqualTo("unknown");
    }

    @Test
    void theSbomFileBesideTheTarIsValidCycloneDxOfTheResultsSbom() throws Exception {
        Path file = work.resolve("out/rootfs.tar.cdx.json");
        byte[] json = Files.readAllBytes(file);

        assertThat(result.sbomFiles()).containsValue(file);
        assertThat(json).isEqualTo(CycloneDxJson.write(sbom));
        assertThat(new JsonParser().validate(json, Version.VERSION_16)).isEmpty();
        Bom bom = new JsonParser().parse(json);
        assertThat(bom.getMetadata().getTimestamp().toInstant()).isEqualTo(EPOCH);
        assertThat(bom.getComponents()).filteredOn(c -> c.getType() == Component.Type.LIBRARY)
                .extracting(Component::getPurl).containsExactlyElementsOf(sbom.packages().stream().map(InstalledPackage::purl).toList());
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain(work.toString());
        assertThat(events).contains(new BuildEvent.OutputWritten("sbom", file));
    }

    private List<String> dpkgQuery(String format) throws IOException, InterruptedException {
        Path admindir = result.rootfs().orElseThrow().resolve("var/lib/dpkg");
        Process query = new ProcessBuilder("dpkg-query", "--admindir=" + admindir, "-W", "-f", format + "\\n")
                .redirectErrorStream(true).start();
        String out = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(query.waitFor()).as(out).isZero();
        return out.lines().toList();
    }
}
