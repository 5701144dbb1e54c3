package org.citadel.realmfs.core.stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.host.HostTools;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.rootfs.RootfsFiles;

/**
 * {@link org.citadel.realmfs.api.Stage#BOOTSTRAP}: debootstrap a minimal Debian into the (empty) rootfs. The build's own archives
 * directory in the shared package cache ({@link org.citadel.realmfs.core.packagecache.BuildArchives},
 * holding every file of the cache) is bind-mounted at the rootfs's /var/cache/apt/archives first
 * (and stays there until the rootfs is finished): debootstrap and apt find earlier downloads there,
 * and no package file ever lands in the rootfs itself.
 */
public final class BootstrapStage {
    private static final Path SCRIPTS = Path.of("/usr/share/debootstrap/scripts");
    static final String ARCHIVES = "/var/cache/apt/archives";

    public void run(StageContext context) {
        RealmfsBuild recipe = context.recipe();
        Path debootstrap = HostTools.onCommandPath().debootstrap();
        bindPackageCache(context);
        context.commands().run(Stage.BOOTSTRAP, command(debootstrap, context),
                        new DebootstrapProgress(context.events()::onEvent))
                .requireSuccess(Stage.BOOTSTRAP, "debootstrap of " + recipe.release());
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
