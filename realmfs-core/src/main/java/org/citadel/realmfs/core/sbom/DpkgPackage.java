package org.citadel.realmfs.core.sbom;

/**
 * A package of dpkg's status file that is installed.
 *
 * @param sourceName    its source package: the {@code Source:} field, else the package itself
 * @param sourceVersion the version in parentheses after the source's name, else the package's own version
 */
record DpkgPackage(String name, String version, String architecture, String sourceName, String sourceVersion) {
}
