package org.citadel.realmfs.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import org.citadel.realmfs.api.FileMode;
import org.citadel.realmfs.api.InstalledPackage;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.api.Sbom;
import org.citadel.realmfs.api.SbomProvenance;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.License;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class CycloneDxJsonTest {
    private static final Instant EPOCH = Instant.ofEpochSecond(1_760_000_000L);

    static Sbom sbom(String inReleaseSha256) {
        return new Sbom(List.of(
                new InstalledPackage("base-files", "13.8", "amd64", "base-files", "13.8",
                        "pkg:deb/debian/base-files@13.8?arch=amd64&distro=debian-trixie", List.of()),
                new InstalledPackage("libstdc++6", "1:14.2.0-19+b1", "amd64", "gcc-14", "14.2.0-19",
                        "pkg:deb/debian/libstdc%2B%2B6@1%3A14.2.0-19%2Bb1?arch=amd64&distro=debian-trixie",
                        List.of("GPL-3+ with GCC-Runtime-Library exception", "LGPL-2.1+"))),
                new SbomProvenance("trixie", "trixie", URI.create("http://mirror.invalid/debian"), inReleaseSha256,
                        EPOCH,
                        List.of(new SbomProvenance.RecipeModule("add-repo", SbomProvenance.ModuleKind.SHELL, Optional.of("ab".repeat(32)))),
                        List.of(new SbomProvenance.RecipeModule("install-file /etc/x.conf", SbomProvenance.ModuleKind.INSTALL_FILE,
                                        Optional.of("cd".repeat(32))),
                                new SbomProvenance.RecipeModule("java-step", SbomProvenance.ModuleKind.JAVA, Optional.empty())),
                        List.of(new SbomProvenance.InstalledFile(RootfsPath.of("/etc/x.conf"), FileMode.of(0644),
                                Optional.of("ef".repeat(32)))),
                        "0.1.0-SNAPSHOT"));
    }

    @Test
    void twoWritesOfTheSameSbomAreTheSameBytes() {
        assertThat(CycloneDxJson.write(sbom("00".repeat(32)))).isEqualTo(CycloneDxJson.write(sbom("00".repeat(32))));
    }

    @Test
    void theBytesDoNotDependOnTheTimeZoneOrTheLocaleOfTheJvm() {
        byte[] here = CycloneDxJson.write(sbom("00".repeat(32)));
        TimeZone zone = TimeZone.getDefault();
        Locale locale = Locale.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            assertThat(CycloneDxJson.write(sbom("00".repeat(32)))).isEqualTo(here);
        } finally {
            TimeZone.setDefault(zone);
            Locale.setDefault(locale);
        }
    }

    @Test
    void isValidCycloneDx16() throws Exception {
        byte[] json = CycloneDxJson.write(sbom("00".repeat(32)));

        assertThat(new JsonParser().validate(json, Version.VERSION_16)).isEmpty();
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"specVersion\" : \"1.6\"").endsWith("}\n");
    }

    @Test
    void theSerialNumberIsANameBasedUuidOfTheContent() throws Exception {
        Bom one = parse(CycloneDxJson.write(sbom("00".repeat(32))));
        Bom other = parse(CycloneDxJson.write(sbom("11".repeat(32))));

        assertThat(one.getSerialNumber()).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(other.getSerialNumber()).isNotEqualTo(one.getSerialNumber());
    }

    @Test
    void theTimestampIsTheSourceDateEpochAndTheToolIsTheBuilder() throws Exception {
        Bom bom = parse(CycloneDxJson.write(sbom("00".repeat(32))));

        assertThat(bom.getMetadata().getTimestamp().toInstant()).isEqualTo(EPOCH);
        assertThat(bom.getMetadata().getToolChoice().getComponents()).singleElement()
                .satisfies(tool -> assertThat(tool.getName() + " " + tool.getVersion()).isEqualTo("realmfs 0.1.0-SNAPSHOT"));
        assertThat(bom.getMetadata().getComponent().getType()).isEqualTo(Component.Type.OPERATING_SYSTEM);
    }

    @Test
    void listsThePackagesWithPurlLicensesAndSourceThenTheInstalledFilesWithTheirDigests() throws Exception {
        List<Component> components = parse(CycloneDxJson.write(sbom("00".repeat(32)))).getComponents();

        assertThat(components).extracting(Component::getType, Component::getName, Component::getVersion).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Component.Type.LIBRARY, "base-files", "13.8"),
                org.assertj.core.groups.Tuple.tuple(Component.Type.LIBRARY, "libstdc++6", "1:14.2.0-19+b1"),
                org.assertj.core.groups.Tuple.tuple(Component.Type.FILE, "/etc/x.conf", null));
        Component libstdc = components.get(1);
        assertThat(libstdc.getPurl()).isEqualTo("pkg:deb/debian/libstdc%2B%2B6@1%3A14.2.0-19%2Bb1?arch=amd64&distro=debian-trixie");
        assertThat(libstdc.getBomRef()).isEqualTo(libstdc.getPurl());
        assertThat(libstdc.getLicenses().getLicenses()).extracting(License::getName)
                .containsExactly("GPL-3+ with GCC-Runtime-Library exception", "LGPL-2.1+");
        assertThat(libstdc.getProperties()).extracting(Property::getName, Property::getValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("realmfs:deb:architecture", "amd64"),
                org.assertj.core.groups.Tuple.tuple("realmfs:deb:source", "gcc-14"),
                org.assertj.core.groups.Tuple.tuple("realmfs:deb:source-version", "14.2.0-19"));
        assertThat(components.get(0).getLicenses()).isNull();
        assertThat(components.get(2).getHashes()).singleElement()
                .satisfies(hash -> assertThat(hash.getAlgorithm() + " " + hash.getValue()).isEqualTo("SHA-256 " + "ef".repeat(32)));
    }

    @Test
    void theProvenanceIsInTheMetadataModulesInTheOrderTheyRan() throws Exception {
        List<Property> properties = parse(CycloneDxJson.write(sbom("00".repeat(32)))).getMetadata().getProperties();

        assertThat(properties).extracting(p -> p.getName() + "=" + p.getValue()).containsExactly(
                "realmfs:debian:release=trixie",
                "realmfs:debian:codename=trixie",
                "realmfs:debian:mirror=http://mirror.invalid/debian",
                "realmfs:debian:inrelease-sha256=" + "00".repeat(32),
                "realmfs:source-date-epoch=1760000000",
                "realmfs:pre-install-module=shell sha256:" + "ab".repeat(32) + " add-repo",
                "realmfs:post-install-module=install-file sha256:" + "cd".repeat(32) + " install-file /etc/x.conf",
                "realmfs:post-install-module=java none java-step");
    }

    @Test
    void nameBasedUuidsFollowVersion5() {
        var uuid = CycloneDxJson.nameBasedUuid("x".getBytes(StandardCharsets.UTF_8));

        assertThat(uuid.version()).isEqualTo(5);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(CycloneDxJson.nameBasedUuid("x".getBytes(StandardCharsets.UTF_8))).isEqualTo(uuid);
        assertThat(CycloneDxJson.nameBasedUuid("y".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(uuid);
    }

    private static Bom parse(byte[] json) throws Exception {
        return new JsonParser().parse(json);
    }
}
