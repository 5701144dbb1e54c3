package org.citadel.realmfs.api;

import java.util.List;
import java.util.Objects;

/**
 * The software bill of materials of a built rootfs: every package dpkg lists as installed, sorted by name
 * and architecture, and where the build came from. Written beside every output as CycloneDX 1.6 JSON
 * ({@code OUTPUT.cdx.json}); the same rootfs and inputs give the same bytes.
 */
public record Sbom(List<InstalledPackage> packages, SbomProvenance provenance) {
    public Sbom {
        packages = List.copyOf(packages);
        Objects.requireNonNull(provenance, "provenance");
    }
}
