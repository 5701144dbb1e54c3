package org.citadel.realmfs.core.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import org.citadel.realmfs.api.RealmfsException;

/**
 * The package URL of an installed Debian package, {@code pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=debian-CODENAME},
 * in the canonical form of the package-url library: qualifiers sorted by key, and every character but
 * letters, digits and {@code .-_~} percent-encoded in the name and version ({@code +} as {@code %2B}, the
 * epoch's {@code :} as {@code %3A}, as syft writes it too; a reader decodes both spellings alike).
 */
final class DebianPackageUrl {
    private DebianPackageUrl() {
    }

    static String of(DpkgPackage p, String codename) {
        try {
            return PackageURLBuilder.aPackageURL()
                    .withType("deb")
                    .withNamespace("debian")
                    .withName(p.name())
                    .withVersion(p.version())
                    .withQualifier("arch", p.architecture())
                    .withQualifier("distro", "debian-" + codename)
                    .build()
                    .canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new RealmfsException("The package " + p.name() + " " + p.version() + " (" + p.architecture()
                    + ") of " + DpkgStatus.PATH + " has no valid package URL: " + e.getMessage()
                    + "; the rootfs's dpkg database is damaged, check what the modules did to it", e);
        }
    }
}
