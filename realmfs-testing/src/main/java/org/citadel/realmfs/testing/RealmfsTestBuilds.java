package org.citadel.realmfs.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.RealmfsBuild;

/**
 * Builds recipes for a test, injected by {@link RealmfsTest} into test, {@code @BeforeEach} and
 * {@code @BeforeAll} methods. Every build uses the JVM's shared package and layer caches
 * ({@link RealmfsTestCaches}), keeps its rootfs for the assertions, and gets a work directory of its
 * own, removed when the test (or class, for {@code @BeforeAll}) ends.
 */
public final class RealmfsTestBuilds {
    private final RealmfsTestCaches caches;
    private final Consumer<TestBuild> owner;

    RealmfsTestBuilds(RealmfsTestCaches caches, Consumer<TestBuild> owner) {
        this.caches = caches;
        this.owner = owner;
    }

    /** Builds {@code recipe}, keeping only its rootfs (no output file). */
    public TestBuild build(RealmfsBuild recipe) {
        return build(recipe, (options, workDirectory) -> { });
    }

    /**
     * Builds {@code recipe} with more options: {@code options} gets the builder (caches and
     * {@code keepRootfs} already set) and the build's work directory, to add outputs into, e.g.
     * {@code (o, dir) -> o.output(Output.ext4(dir.resolve("root.ext4")))}.
     */
    public TestBuild build(RealmfsBuild recipe, BiConsumer<BuildOptions.Builder, Path> options) {
        WorkDirectory work = caches.newWorkDirectory();
        List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());
        try {
            BuildOptions.Builder builder = BuildOptions.builder()
                    .packageCacheDirectory(caches.packageCache())
                    .layerCacheDirectory(caches.layerCache())
                    .keepRootfs(true)
                    .listener(events::add);
            options.accept(builder, work.path());
            BuildResult result = recipe.run(work.path(), builder.build());
            TestBuild build = new TestBuild(work, result, events);
            owner.accept(build);
            return build;
        } catch (RuntimeException | Error e) {
            work.close();
            throw e;
        }
    }

    public RealmfsTestCaches caches() {
        return caches;
    }
}
