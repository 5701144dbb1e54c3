package org.citadel.realmfs.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a build's rootfs came from, as its {@link Sbom} records it: the archive's state, the time the
 * build used, the recipe's modules and the builder.
 *
 * @param release            the release the recipe asked for (a code name or a suite)
 * @param codename           the release's code name, from its {@code InRelease} file
 * @param mirror             the Debian mirror the build used
 * @param inReleaseSha256    the SHA-256 of the release's {@code InRelease} file the build fetched: the
 *                           archive's state
 * @param sourceDateEpoch    the time the build gave its files and outputs (SOURCE_DATE_EPOCH)
 * @param preInstallModules  the pre-install modules, in the order they ran
 * @param postInstallModules the post-install modules, in the order they ran
 * @param installedFiles     the files the recipe installed ({@link InstallFileModule}s), as the image holds them
 * @param builderVersion     the version of realmfs that built it
 */
public record SbomProvenance(String release, String codename, URI mirror, String inReleaseSha256,
                             Instant sourceDateEpoch, List<RecipeModule> preInstallModules,
                             List<RecipeModule> postInstallModules, List<InstalledFile> installedFiles,
                             String builderVersion) {
    public SbomProvenance {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(codename, "codename");
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(inReleaseSha256, "inReleaseSha256");
        Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
        preInstallModules = List.copyOf(preInstallModules);
        postInstallModules = List.copyOf(postInstallModules);
        installedFiles = List.copyOf(installedFiles);
        Objects.requireNonNull(builderVersion, "builderVersion");
    }

    /** What a recipe module is: a {@link ShellModule}, a {@link JavaModule} or an {@link InstallFileModule}. */
    public enum ModuleKind {
        SHELL("shell"), JAVA("java"), INSTALL_FILE("install-file");

        private final String label;

        ModuleKind(String label) {
            this.label = label;
        }

        public static ModuleKind of(Module module) {
            if (module instanceof ShellModule) {
                return SHELL;
            }
            return module instanceof JavaModule ? JAVA : INSTALL_FILE;
        }

        /** How the SBOM file writes it: {@code shell}, {@code java}, {@code install-file}. */
        public String label() {
            return label;
        }
    }

    /**
     * A module of the recipe.
     *
     * @param sha256 the SHA-256 of its {@link Module#cacheKey()} (its content), empty for a Java module without one
     */
    public record RecipeModule(String name, ModuleKind kind, Optional<String> sha256) {
        public RecipeModule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /**
     * A file the recipe installed.
     *
     * @param sha256 the SHA-256 of the file at {@code path} in the finished rootfs; empty when no regular
     *               file is there any more (a later module removed or replaced it)
     */
    public record InstalledFile(RootfsPath path, FileMode mode, Optional<String> sha256) {
        public InstalledFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(sha256, "sha256");
        }
    }
}
