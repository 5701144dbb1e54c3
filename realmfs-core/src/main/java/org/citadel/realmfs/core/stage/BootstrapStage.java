package org.citadel.realmfs.core.stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.packagecache.BootstrapIndexes;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * {@link org.citadel.realmfs.api.Stage#BOOTSTRAP}: debootstrap a minimal Debian into the (empty) rootfs. The build's own archives
 * directory in the shared package cache ({@link org.citadel.realmfs.core.packagecache.BuildArchives},
 * holding every file of the cache) is bind-mounted at the rootfs's /var/cache/apt/archives first
 * (and stays there until the rootfs is finished): debootstrap and apt find earlier downloads there,
 * and no package file ever lands in the rootfs itself. The suite's package indexes debootstrap fetched
 * for this archive state before are copied into the rootfs's apt lists first, and the ones it fetched
 * are kept after it ({@link BootstrapIndexes}): debootstrap validates an index it finds instead of
 * downloading it.
 */
public final class BootstrapStage {
    private static final Path SCRIPTS = Path.of("/usr/share/debootstrap/scripts");
    static final String ARCHIVES = "/var/cache/apt/archives";

    public void run(StageContext context) {
        RealmfsBuild recipe = context.recipe();
        Path debootstrap = HostTools.onCommandPath().debootstrap();
        bindPackageCache(context);
        BootstrapIndexes indexes = new BootstrapIndexes(context.packageArchives().cache());
        seedIndexes(context, indexes);
        try (DebootstrapDirectory directory = debootstrapDirectory(context, indexes)) {
            context.commands().run(Stage.BOOTSTRAP, command(debootstrap, context).withEnvironment(directory.environment()),
                            new DebootstrapProgress(context.events()::onEvent))
                    .requireSuccess(Stage.BOOTSTRAP, "debootstrap of " + recipe.release());
            DebootstrapDirectory.Answers answers = directory.answers();
            if (answers.cached() + answers.asked() > 0) {
                context.events().message(Stage.BOOTSTRAP, String.format("debootstrap's package-index queries: %d"
                        + " answered from the package cache, %d by the index (kept for the next build)",
                        answers.cached(), answers.asked()));
            }
        }
        keepIndexes(context, indexes);
    }

    /** The host's debootstrap, its package-index queries answered from the package cache where it can. */
    private static DebootstrapDirectory debootstrapDirectory(StageContext context, BootstrapIndexes indexes) {
        try {
            // Beside the rootfs, in the build's locked work directory: the next build there removes what a killed one left.
            return DebootstrapDirectory.create(DebootstrapDirectory.HOST, indexes.directory(),
                    context.rootfs().resolveSibling("debootstrap-directory"));
        } catch (RuntimeException e) {
            context.events().warning(Stage.BOOTSTRAP, "debootstrap resolves the packages' dependencies without"
                    + " the answers kept in the package cache: " + e.getMessage());
            return DebootstrapDirectory.none();
        }
    }

    /** debootstrap validates what it finds there and downloads only what is missing or wrong: a failure here costs only time. */
    private static void seedIndexes(StageContext context, BootstrapIndexes indexes) {
        try {
            BootstrapIndexes.Seeded seeded = indexes.seedForDebootstrap(context.release().inReleaseSha256(), context.rootfsFiles());
            if (!seeded.names().isEmpty()) {
                context.events().message(Stage.BOOTSTRAP, String.format("copied %d package index file(s) of this"
                        + " archive state from the package cache (%d MiB): debootstrap validates them against the"
                        + " signed Release instead of downloading them", seeded.names().size(), seeded.bytes() >> 20));
            }
        } catch (RuntimeException e) {
            context.events().warning(Stage.BOOTSTRAP, "could not copy the kept package indexes from the package cache"
                    + " (debootstrap downloads them): " + e.getMessage());
        }
    }

    /** Right after debootstrap, before any module ran: what it fetched is what the signed Release names. */
    private static void keepIndexes(StageContext context, BootstrapIndexes indexes) {
        try {
            List<String> kept = indexes.keep(context.rootfsFiles());
            if (!kept.isEmpty()) {
                context.events().message(Stage.BOOTSTRAP, "kept debootstrap's package index in the package cache for the"
                        + " next build of this archive state: " + String.join(", ", kept));
            }
        } catch (RuntimeException e) {
            context.events().warning(Stage.BOOTSTRAP, "could not keep debootstrap's package index in the package cache: "
                    + e.getMessage());
        }
    }

    /**
     * Mounts the build's archives directory at the rootfs's /var/cache/apt/archives; also done for
     * a rootfs restored from a cached layer, whose tree has the empty directory.
     */
    public static void bindPackageCache(StageContext context) {
        RootfsFiles rootfs = context.rootfsFiles();
        rootfs.createDirectories(ARCHIVES, 0755);
        context.mounts().bind(context.packageArchives().directory(), rootfs.mountTarget(ARCHIVES), false);
    }

    /** The debootstrap command {@link #run} runs. */
    Command command(Path debootstrap, StageContext context) {
        return context.commands().host(argv(debootstrap.toString(), context.recipe(), context.rootfs().toString(),
                context.mirror().toString()));
    }

    /** The debootstrap command line, for {@link #command} and for {@link StagePlans#bootstrap}. */
    static List<String> argv(String debootstrap, RealmfsBuild recipe, String rootfs, String mirror) {
        List<String> argv = new ArrayList<>();
        argv.add(debootstrap);
        argv.add("--variant=" + recipe.variant());
        if (!recipe.bootstrapIncludes().isEmpty()) {
            argv.add("--include=" + String.join(",", recipe.bootstrapIncludes()));
        }
        recipe.architecture().ifPresent(arch -> argv.add("--arch=" + arch));
        argv.add(recipe.release());
        argv.add(rootfs);
        argv.add(mirror);
        // A debootstrap older than the release knows no script for it; Debian's releases since
        // bookworm all bootstrap like sid.
        if (!Files.exists(SCRIPTS.resolve(recipe.release())) && Files.exists(SCRIPTS.resolve("sid"))) {
            argv.add(SCRIPTS.resolve("sid").toString());
        }
        return argv;
    }

}
