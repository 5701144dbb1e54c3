package org.citadel.realmfs.api;

import java.util.List;
import java.util.Objects;

/**
 * One package dpkg lists as installed ({@code Status: install ok installed}) in a built rootfs, as the
 * {@link Sbom} names it.
 *
 * @param sourceName    the source package it was built from (dpkg's {@code Source:} field; the package
 *                      itself when the field is absent)
 * @param sourceVersion the source package's version (the version in parentheses after {@code Source:},
 *                      else the package's own version)
 * @param purl          its package URL, {@code pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=debian-CODENAME}
 * @param licenses      the license short names its {@code /usr/share/doc/NAME/copyright} states, sorted and
 *                      without duplicates; empty when that file is missing or not machine-readable
 */
public record InstalledPackage(String name, String version, String architecture, String sourceName,
                               String sourceVersion, String purl, List<String> licenses) {
    public InstalledPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(sourceVersion, "sourceVersion");
        Objects.requireNonNull(purl, "purl");
        licenses = List.copyOf(licenses);
    }
}
