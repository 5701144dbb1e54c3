package org.citadel.realmfs.api;

import java.util.regex.Pattern;

/** Validation shared by the recipe types: names that are safe on a command line (paths and modes are {@link RootfsPath} and {@link FileMode}). */
final class Names {
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.\\-]*(:[a-z0-9\\-]+)?([=/][A-Za-z0-9.+~:\\-]+)?");
    private static final Pattern MODULE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+@:\\-]*");
    private static final Pattern RELEASE = Pattern.compile("[a-z][a-z0-9\\-]*");

    private Names() {
    }

    static String requirePackage(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRecipeException("A package name is empty");
        }
        if (name.startsWith("-")) {
            throw new InvalidRecipeException("Package name '" + name
                    + "' starts with '-' and would be read as an option by apt-get; remove the dash");
        }
        if (!PACKAGE.matcher(name).matches()) {
            throw new InvalidRecipeException("'" + name + "' is not a valid Debian package name"
                    + " (lower case letters, digits, '+', '-' and '.', optionally ':arch' or '=version')");
        }
        return name;
    }

    static String requireModuleName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRecipeException("A module name is empty");
        }
        if (name.startsWith("-")) {
            throw new InvalidRecipeException("Module name '" + name
                    + "' starts with '-' and could be read as an option; rename the module");
        }
        if (!MODULE.matcher(name).matches()) {
            throw new InvalidRecipeException("Module name '" + name
                    + "' may only hold letters, digits and _ . + @ : -");
        }
        return name;
    }

    static String requireRelease(String release) {
        if (release == null || !RELEASE.matcher(release).matches()) {
            throw new InvalidRecipeException("'" + release + "' is not a Debian release name"
                    + " (for example trixie, forky, sid)");
        }
        return release;
    }
}
