package org.citadel.realmfs.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.testing.image.RealmfsImage;
import org.citadel.realmfs.testing.tree.RootfsTree;

/**
 * One build a test ran with {@link RealmfsTestBuilds}: its result, its events, its kept rootfs
 * and outputs. Assert on it with {@link RealmfsAssertions#assertThat(TestBuild)}. Its work
 * directory is removed when the test (or, for a {@code @BeforeAll} build, the test class) ends.
 */
public final class TestBuild implements AutoCloseable {
    private final WorkDirectory work;
    private final BuildResult result;
    private final List<BuildEvent> events;
    private final List<RootfsTree> opened = new ArrayList<>();
    private RootfsTree rootfs;
    private RealmfsImage realmfsImage;

    TestBuild(WorkDirectory work, BuildResult result, List<BuildEvent> events) {
        this.work = work;
        this.result = result;
        this.events = List.copyOf(events);
    }

    public BuildResult result() {
        return result;
    }

    /** Every event of the build, in order. */
    public List<BuildEvent> events() {
        return events;
    }

    public Path workDirectory() {
        return work.path();
    }

    /** The kept rootfs directory on the host (a tmpfs while the test runs). */
    public Path rootfsDirectory() {
        return result.rootfs().orElse(work.rootfs());
    }

    /** The kept rootfs, read once and shared by this build's assertions. */
    public synchronized RootfsTree rootfs() {
        if (rootfs == null) {
            rootfs = remember(RootfsTree.open(rootfsDirectory()));
        }
        return rootfs;
    }

    /** The RealmFS image the build wrote, read once: its checks are shared by this build's assertions. */
    public synchronized Optional<RealmfsImage> realmfsImage() {
        if (realmfsImage == null) {
            output("realmfs").ifPresent(file -> realmfsImage = RealmfsImage.open(file));
        }
        return Optional.ofNullable(realmfsImage);
    }

    /** The file the build wrote for the output of kind {@code kind} ("tar", "tar.xz", "ext4", "realmfs"). */
    public Optional<Path> output(String kind) {
        return result.outputs().entrySet().stream().filter(e -> e.getKey().kind().equals(kind))
                .map(Map.Entry::getValue).findFirst();
    }

    /** The file the build wrote for {@code output}. */
    public Path output(Output output) {
        Path file = result.outputs().get(output);
        if (file == null) {
            throw new IllegalArgumentException("The build wrote no " + output + "; it wrote " + result.outputs().values());
        }
        return file;
    }

    /** The stages a cached layer made unnecessary, in order. */
    public List<Stage> skippedStages() {
        return events.stream().filter(e -> e instanceof BuildEvent.StageSkipped)
                .map(e -> ((BuildEvent.StageSkipped) e).stage()).toList();
    }

    /** Whether the build restored the package layer (it ran only the post-install modules and what follows). */
    public boolean restoredPackageLayer() {
        return skippedStages().contains(Stage.INSTALL_PACKAGES);
    }

    synchronized RootfsTree remember(RootfsTree tree) {
        opened.add(tree);
        return tree;
    }

    /** Closes the trees read from it, unmounts the kept rootfs and removes the work directory. */
    @Override
    public synchronized void close() {
        opened.forEach(RootfsTree::close);
        opened.clear();
        work.close();
    }

    @Override
    public String toString() {
        return "TestBuild[" + work.path() + ", " + result.totalDuration().toMillis() + " ms]";
    }
}
