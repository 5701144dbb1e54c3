package org.citadel.realmfs.core.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.download.ParallelDownloader;
import org.citadel.realmfs.core.packagecache.BootstrapIndexes;

/**
 * {@link org.citadel.realmfs.api.Stage#INSTALL_PACKAGES}: installs the recipe's packages in the chroot: one {@code apt-get update} (the
 * translations kept for this archive state copied in first, see {@link BootstrapIndexes}), {@code upgrade} (unless
 * it can change nothing, see {@link AptState}), then {@code install}, its downloads made ahead and in
 * parallel when the package cache lacks a requested package ({@link PackagePrefetch}); a package apt
 * does not know fails the build with its name.
 */
public final class InstallPackagesStage {
    static final List<String> UPDATE = List.of("apt-get", "update");
    static final List<String> UPGRADE = List.of("apt-get", "-y", "upgrade");
    static final List<String> LIST_INSTALLED = List.of("dpkg-query", "-W", "-f=${binary:Package}\\n");

    private static final Pattern UNKNOWN_PACKAGE = Pattern.compile(
            "E: (?:Unable to locate package (\\S+)|Package '([^']+)' has no installation candidate"
                    + "|Version '[^']+' for '([^']+)' was not found)");

    private final AptState afterBootstrap;
    private final PackagePublisher publisher;

    /**
     * @param afterBootstrap the rootfs's apt state when debootstrap had finished and the chroot was prepared
     * @param publisher      gives the shared package cache what this stage downloaded
     */
    public InstallPackagesStage(AptState afterBootstrap, PackagePublisher publisher) {
        this.afterBootstrap = afterBootstrap;
        this.publisher = publisher;
    }

    public List<String> run(StageContext context) {
        List<String> packages = context.recipe().allPackages();
        BootstrapIndexes indexes = new BootstrapIndexes(context.packageArchives().cache());
        seedIndexes(context, indexes);
        apt(context, "apt-get update", UPDATE);
        keepIndexes(context, indexes);
        if (afterBootstrap.equals(AptState.of(context.rootfs()))) {
            context.events().message(Stage.INSTALL_PACKAGES, "skipped apt-get upgrade: debootstrap installed the newest"
                    + " versions, and neither the apt configuration, the archive's Release files nor the installed"
                    + " packages changed since");
        } else {
            apt(context, "apt-get upgrade", UPGRADE);
        }
        if (!packages.isEmpty()) {
            if (PackagePrefetch.worthwhile(packages, context.packageArchives().directory())) {
                publisher.rememberIndexEntries(
                        new PackagePrefetch(ParallelDownloader.DEFAULT_CONNECTIONS).run(context, packages));
            }
            BuildCommands.Outcome outcome = context.commands().run(Stage.INSTALL_PACKAGES,
                    context.commands().chroot(install(packages)), new AptProgress(context.events()::onEvent));
            if (outcome.exitCode() != 0) {
                unknownPackages(context, outcome).ifPresent(e -> {
                    throw e;
                });
                outcome.requireSuccess(Stage.INSTALL_PACKAGES, "apt-get install");
            }
        }
        publisher.publishVerified(Stage.INSTALL_PACKAGES);
        return installedPackages(context);
    }

    /** apt downloads what it does not find matching its InRelease: a failure here costs only time. */
    private static void seedIndexes(StageContext context, BootstrapIndexes indexes) {
        try {
            BootstrapIndexes.Seeded seeded = indexes.seedForUpdate(context.release().inReleaseSha256(), context.rootfsFiles());
            if (!seeded.names().isEmpty()) {
                context.events().message(Stage.INSTALL_PACKAGES, String.format("copied %d index file(s) of this"
                        + " archive state from the package cache (%d MiB): apt-get update finds them matching its"
                        + " InRelease instead of downloading them", seeded.names().size(), seeded.bytes() >> 20));
            }
        } catch (RuntimeException e) {
            context.events().warning(Stage.INSTALL_PACKAGES, "could not copy the kept indexes from the package cache"
                    + " (apt-get update downloads them): " + e.getMessage());
        }
    }

    private static void keepIndexes(StageContext context, BootstrapIndexes indexes) {
        try {
            List<String> kept = indexes.keepAfterUpdate(context.rootfsFiles(), context.release().inReleaseSha256());
            if (!kept.isEmpty()) {
                context.events().message(Stage.INSTALL_PACKAGES, "kept apt's indexes in the package cache for the"
                        + " next build of this archive state: " + String.join(", ", kept));
            }
        } catch (RuntimeException e) {
            context.events().warning(Stage.INSTALL_PACKAGES, "could not keep apt's indexes in the package cache: "
                    + e.getMessage());
        }
    }

    static List<String> install(List<String> packages) {
        List<String> install = new ArrayList<>(List.of("apt-get", "-y", "install", "--"));
        install.addAll(packages);
        return install;
    }

    /** apt-get resolves names before it downloads anything, so an unknown package fails it at once. */
    private static Optional<InvalidRecipeException> unknownPackages(StageContext context, BuildCommands.Outcome outcome) {
        List<String> unknown = new ArrayList<>();
        for (String line : outcome.lastLines()) {
            Matcher m = UNKNOWN_PACKAGE.matcher(line);
            if (m.find()) {
                unknown.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
            }
        }
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InvalidRecipeException("Package(s) not found in Debian " + context.recipe().release()
                + " on " + context.mirror() + ": " + String.join(", ", unknown)
                + "; check the names (apt-cache search) or the release"));
    }

    private void apt(StageContext context, String what, List<String> argv) {
        context.commands().require(Stage.INSTALL_PACKAGES, what, context.commands().chroot(argv));
    }

    private List<String> installedPackages(StageContext context) {
        return context.commands().capture(Stage.INSTALL_PACKAGES, context.commands().chroot(LIST_INSTALLED)).lines();
    }
}
