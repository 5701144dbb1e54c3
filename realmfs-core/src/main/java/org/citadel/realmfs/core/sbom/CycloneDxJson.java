package org.citadel.realmfs.core.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.citadel.realmfs.api.InstalledPackage;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.api.Sbom;
import org.citadel.realmfs.api.SbomProvenance;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * An {@link Sbom} as CycloneDX 1.6 JSON, the same bytes for the same SBOM: the packages in the SBOM's
 * order (by name, then architecture), then the installed files in the recipe's order; the timestamp is
 * the build's SOURCE_DATE_EPOCH; the serial number is a name-based (version 5) UUID of the document's
 * own content without it; nothing of the host, the work directory or the time of writing.
 *
 * <p>Each package is a {@code library} component (its purl as its {@code bom-ref}; its licenses by
 * name, as Debian's short names are not all SPDX identifiers; architecture and source package as
 * {@code realmfs:deb:*} properties). The provenance is {@code metadata}: the builder as the tool, the
 * rootfs as the {@code operating-system} component, and {@code realmfs:*} properties, modules in the
 * order they ran ({@code KIND sha256:HEX NAME}, {@code none} for a Java module without a cache key).
 */
public final class CycloneDxJson {
    /** Appended to an output's file name to name its SBOM file. */
    public static final String SUFFIX = ".cdx.json";

    /** The namespace of the serial numbers' name-based UUIDs: realmfs's own, fixed once. */
    private static final UUID SERIAL_NAMESPACE = UUID.fromString("9db06245-f5a7-4c19-b1a2-53f5b07610e5");

    private static final ObjectWriter PRINTER = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private CycloneDxJson() {
    }

    public static byte[] write(Sbom sbom) {
        Bom bom = bom(sbom);
        Instant timestamp = sbom.provenance().sourceDateEpoch();
        byte[] unnumbered = json(bom, timestamp);
        bom.setSerialNumber("urn:uuid:" + nameBasedUuid(unnumbered));
        return json(bom, timestamp);
    }

    private static Bom bom(Sbom sbom) {
        SbomProvenance provenance = sbom.provenance();
        Bom bom = new Bom();
        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(provenance.sourceDateEpoch())); // its place in the document; see json()
        ToolInformation tools = new ToolInformation();
        Component builder = component(Component.Type.APPLICATION, "realmfs", provenance.builderVersion());
        builder.setGroup("org.citadel.realmfs");
        tools.setComponents(List.of(builder));
        metadata.setToolChoice(tools);
        Component rootfs = component(Component.Type.OPERATING_SYSTEM, "debian", provenance.codename());
        rootfs.setBomRef("rootfs");
        rootfs.setDescription("The root filesystem realmfs built from Debian " + provenance.release());
        metadata.setComponent(rootfs);
        metadata.setProperties(provenanceProperties(provenance));
        bom.setMetadata(metadata);
        List<Component> components = new ArrayList<>();
        sbom.packages().forEach(p -> components.add(packageComponent(p)));
        provenance.installedFiles().forEach(f -> components.add(fileComponent(f)));
        bom.setComponents(components);
        return bom;
    }

    private static List<Property> provenanceProperties(SbomProvenance provenance) {
        List<Property> properties = new ArrayList<>();
        properties.add(new Property("realmfs:debian:release", provenance.release()));
        properties.add(new Property("realmfs:debian:codename", provenance.codename()));
        properties.add(new Property("realmfs:debian:mirror", provenance.mirror().toString()));
        properties.add(new Property("realmfs:debian:inrelease-sha256", provenance.inReleaseSha256()));
        properties.add(new Property("realmfs:source-date-epoch",
                Long.toString(provenance.sourceDateEpoch().getEpochSecond())));
        provenance.preInstallModules().forEach(m -> properties.add(moduleProperty("pre-install-module", m)));
        provenance.postInstallModules().forEach(m -> properties.add(moduleProperty("post-install-module", m)));
        return properties;
    }

    private static Property moduleProperty(String phase, SbomProvenance.RecipeModule module) {
        return new Property("realmfs:" + phase,
                module.kind().label() + " " + module.sha256().map(h -> "sha256:" + h).orElse("none") + " " + module.name());
    }

    private static Component packageComponent(InstalledPackage p) {
        Component c = component(Component.Type.LIBRARY, p.name(), p.version());
        c.setBomRef(p.purl());
        c.setPurl(p.purl());
        if (!p.licenses().isEmpty()) {
            LicenseChoice licenses = new LicenseChoice();
            for (String name : p.licenses()) {
                License license = new License();
                license.setName(name);
                licenses.addLicense(license);
            }
            c.setLicenses(licenses);
        }
        c.addProperty(new Property("realmfs:deb:architecture", p.architecture()));
        c.addProperty(new Property("realmfs:deb:source", p.sourceName()));
        c.addProperty(new Property("realmfs:deb:source-version", p.sourceVersion()));
        return c;
    }

    private static Component fileComponent(SbomProvenance.InstalledFile file) {
        Component c = component(Component.Type.FILE, file.path().toString(), null);
        file.sha256().ifPresent(hex -> c.addHash(new Hash(Hash.Algorithm.SHA_256, hex)));
        c.addProperty(new Property("realmfs:file:mode", file.mode().toString()));
        if (file.sha256().isEmpty()) {
            c.addProperty(new Property("realmfs:file:state", "not a regular file in the finished rootfs"));
        }
        return c;
    }

    private static Component component(Component.Type type, String name, String version) {
        Component c = new Component();
        c.setType(type);
        c.setName(name);
        c.setVersion(version);
        return c;
    }

    /**
     * The library formats dates in the JVM's default locale (Arabic digits in an Arabic one) and indents
     * with the platform's line separator: the timestamp is written here, and the printer is ours.
     */
    private static byte[] json(Bom bom, Instant timestamp) {
        JsonNode tree = BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonNode();
        ((ObjectNode) tree.get("metadata")).put("timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp));
        try {
            return (PRINTER.writeValueAsString(tree) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new RealmfsException("Cannot write the SBOM as CycloneDX JSON: " + e.getMessage()
                    + "; this is a bug in realmfs, please report it", e);
        }
    }

    /** RFC 9562's version 5: SHA-1 of the namespace and the name, version and variant bits set. */
    static UUID nameBasedUuid(byte[] name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-1, which every Java runtime must have", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(SERIAL_NAMESPACE.getMostSignificantBits())
                .putLong(SERIAL_NAMESPACE.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(name);
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }
}
