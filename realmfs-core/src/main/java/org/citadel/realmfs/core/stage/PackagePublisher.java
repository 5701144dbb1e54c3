package org.citadel.realmfs.core.stage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.download.PackageDownload;
import org.citadel.realmfs.core.packagecache.BuildArchives;

/**
 * Gives the shared package cache the package files a build downloaded into its own archives
 * directory ({@link BuildArchives}), after each stage that downloads and when the build ends.
 *
 * <p>What debootstrap downloaded is published as it is: debootstrap checked every file against the
 * signed index, and no module had run. Once modules may have run, anything could lie in the
 * archives directory, so a file is published only if {@link PackageIndexCheck} finds it to be what
 * the mirror's signed index names. A failure to publish is a warning: the build itself goes on.
 */
public final class PackagePublisher {
    private final StageContext context;
    private final Set<Path> refused = new HashSet<>();
    private final List<PackageDownload> indexed = new ArrayList<>();

    public PackagePublisher(StageContext context) {
        this.context = context;
    }

    /** Publishes what debootstrap downloaded; only before any module ran. */
    public void publishBootstrapDownloads() {
        publish(Stage.BOOTSTRAP, false);
    }

    /**
     * Publishes the files that are exactly what the mirror's signed index names. A file an entry
     * given to {@link #rememberIndexEntries} names is checked against it without asking apt again,
     * which also covers files fetched for an installation that then failed; any other file must
     * belong to an installed package (see {@link PackageIndexCheck}).
     */
    public void publishVerified(Stage stage) {
        publish(stage, true);
    }

    /** Index entries apt named for this build (the prefetch's {@code --print-uris}). */
    void rememberIndexEntries(List<PackageDownload> entries) {
        indexed.addAll(entries);
    }

    private void publish(Stage stage, boolean verify) {
        BuildArchives archives = context.packageArchives();
        try {
            List<Path> files = new ArrayList<>(archives.unpublished());
            files.removeAll(refused);
            if (files.isEmpty()) {
                return;
            }
            List<Path> accepted = files;
            if (verify) {
                PackageIndexCheck.Result result = PackageIndexCheck.check(context, stage, files, indexed);
                result.refused().forEach(line -> context.events().message(stage,
                        "not added to the shared package cache: " + line));
                refused.addAll(files);
                refused.removeAll(result.verified());
                accepted = result.verified();
            }
            List<Path> published = archives.publish(accepted);
            if (!published.isEmpty()) {
                context.events().message(stage, String.format("added %d package file(s) to the package cache %s",
                        published.size(), archives.cache()));
            }
        } catch (RuntimeException e) { // also when the build failed: never hides why it did
            context.events().warning(stage, "could not add the downloaded packages to the package cache: "
                    + e.getMessage());
        }
    }
}
