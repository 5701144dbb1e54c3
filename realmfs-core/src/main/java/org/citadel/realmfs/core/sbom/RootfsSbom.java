package org.citadel.realmfs.core.sbom;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.citadel.realmfs.api.InstallFileModule;
import org.citadel.realmfs.api.InstalledPackage;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Sbom;
import org.citadel.realmfs.api.SbomProvenance;
import org.citadel.realmfs.core.archive.ArchiveProbe;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * The {@link Sbom} of a finished rootfs, read through {@link RootfsFiles} (so a symlink a module left
 * never leads onto the host): dpkg's installed packages with their licenses, and the build's provenance.
 */
public final class RootfsSbom {
    private RootfsSbom() {
    }

    /**
     * @param release         what the archive said about the release the build used
     * @param sourceDateEpoch the time the build gave its files and outputs
     * @param warning         told what the SBOM cannot say (a rootfs without dpkg's status file)
     */
    public static Sbom read(RootfsFiles rootfs, RealmfsBuild recipe, ArchiveProbe.ReleaseState release,
                            Instant sourceDateEpoch, Consumer<String> warning) {
        String codename = release.codename().isEmpty() ? release.release() : release.codename();
        List<InstalledPackage> packages = new ArrayList<>();
        for (DpkgPackage p : DpkgStatus.installed(status(rootfs, warning))) {
            List<String> licenses = rootfs.readIfRegularFile(CopyrightLicenses.path(p.name()))
                    .flatMap(copyright -> CopyrightLicenses.of(new String(copyright, StandardCharsets.UTF_8)))
                    .orElse(List.of());
            packages.add(new InstalledPackage(p.name(), p.version(), p.architecture(), p.sourceName(),
                    p.sourceVersion(), DebianPackageUrl.of(p, codename), licenses));
        }
        SbomProvenance provenance = new SbomProvenance(release.release(), codename, release.mirror(),
                release.inReleaseSha256(), sourceDateEpoch, modules(recipe.preModules()),
                modules(recipe.postModules()), installedFiles(rootfs, recipe), BuilderVersion.current());
        return new Sbom(packages, provenance);
    }

    private static String status(RootfsFiles rootfs, Consumer<String> warning) {
        Optional<byte[]> status = rootfs.readIfRegularFile(DpkgStatus.PATH);
        if (status.isEmpty()) {
            warning.accept("There is no " + rootfs.describe(DpkgStatus.PATH) + ", so the SBOM lists no packages;"
                    + " if a module removed dpkg's database, keep it in the image");
            return "";
        }
        return new String(status.get(), StandardCharsets.UTF_8);
    }

    private static List<SbomProvenance.RecipeModule> modules(List<Module> modules) {
        return modules.stream().map(m -> new SbomProvenance.RecipeModule(m.name(), SbomProvenance.ModuleKind.of(m),
                m.cacheKey().map(Sha256::hex))).toList();
    }

    private static List<SbomProvenance.InstalledFile> installedFiles(RootfsFiles rootfs, RealmfsBuild recipe) {
        List<SbomProvenance.InstalledFile> files = new ArrayList<>();
        List<Module> modules = new ArrayList<>(recipe.preModules());
        modules.addAll(recipe.postModules());
        for (Module module : modules) {
            if (module instanceof InstallFileModule file) {
                Optional<String> sha256 = rootfs.readIfRegularFile(file.targetPath().toString()).map(Sha256::hex);
                files.add(new SbomProvenance.InstalledFile(file.targetPath(), file.mode(), sha256));
            }
        }
        return files;
    }
}
