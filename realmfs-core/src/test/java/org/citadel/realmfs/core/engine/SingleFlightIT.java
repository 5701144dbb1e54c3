package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.LayerUse;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three real builds started at once on one base, in three work directories sharing an empty layer
 * cache and the package cache: "one" and "two" differ only in a post-install module, "three" has
 * one more package. Debootstrap runs once; the package layer of "one" and "two" is made once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleFlightIT {
    static final List<String> NAMES = List.of("one", "two", "three");

    Path temp;
    final Map<String, List<BuildEvent>> events = new LinkedHashMap<>();
    final Map<String, BuildResult> results = new LinkedHashMap<>();

    @BeforeAll
    void threeBuildsAtOnce() throws Exception {
        temp = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "realmfs-single-flight-it");
        ExecutorService builds = Executors.newFixedThreadPool(NAMES.size());
        try {
            Map<String, Future<BuildResult>> running = new LinkedHashMap<>();
            for (String name : NAMES) {
                List<BuildEvent> own = new CopyOnWriteArrayList<>();
                events.put(name, own);
                running.put(name, builds.submit(() -> recipe(name).run(temp.resolve("work-" + name),
                        ItSupport.options().layerCacheDirectory(temp.resolve("layers"))
                                .output(Output.tar(temp.resolve(name + ".tar"))).listener(own::add).build())));
            }
            for (String name : NAMES) {
                results.put(name, running.get(name).get());
            }
        } finally {
            builds.shutdownNow();
        }
    }

    static RealmfsBuild recipe(String name) {
        RealmfsBuild.Builder recipe = RealmfsBuild.builder()
                .postModule("mark", "echo " + name + " > /etc/realm-mark");
        if (name.equals("three")) {
            recipe.packages("less");
        }
        return recipe.build();
    }

    @Test
    void debootstrapRunsInOneBuildAndTheOthersRestoreItsLayerAfterWaitingForIt() {
        List<String> bootstrapped = NAMES.stream().filter(name -> ran(name).contains(Stage.BOOTSTRAP)).toList();
        assertThat(bootstrapped).hasSize(1);
        assertThat(messages(bootstrapped.get(0))).anyMatch(m -> m.startsWith("stored the bootstrap layer"));
        assertThat(results.get(bootstrapped.get(0)).layers().bootstrap()).isEqualTo(LayerUse.BUILT);
        for (String name : NAMES) {
            if (!name.equals(bootstrapped.get(0))) {
                assertThat(skipped(name)).as(name).contains(Stage.BOOTSTRAP);
                assertThat(messages(name)).as(name).anyMatch(m -> m.matches(
                        "waiting for the bootstrap layer \\w{12} that another build is making"));
                assertThat(results.get(name).layers().bootstrap()).as(name).isEqualTo(LayerUse.RESTORED);
            }
        }
    }

    @Test
    void thePackageLayerOfTheTwoRecipesWithTheSamePackagesIsMadeOnce() {
        assertThat(ran("three")).contains(Stage.INSTALL_PACKAGES);
        assertThat(results.get("three").layers().packages()).isEqualTo(LayerUse.BUILT);
        List<String> installed = List.of("one", "two").stream()
                .filter(name -> ran(name).contains(Stage.INSTALL_PACKAGES)).toList();
        assertThat(installed).hasSize(1);
        String restoring = installed.get(0).equals("one") ? "two" : "one";
        assertThat(skipped(restoring)).containsExactly(Stage.BOOTSTRAP, Stage.PRE_INSTALL_MODULES, Stage.INSTALL_PACKAGES);
        assertThat(results.get(restoring).layers().packages()).isEqualTo(LayerUse.RESTORED);
        assertThat(results.get(restoring).installedPackages()).isEqualTo(results.get(installed.get(0)).installedPackages());
    }

    @Test
    void eachTreeHasWhatItsOwnRecipeMade() throws IOException {
        for (String name : NAMES) {
            assertThat(ItSupport.fileInTar(temp.resolve(name + ".tar"), "etc/realm-mark")).as(name).contains(name + "\n");
        }
        assertThat(ItSupport.fileInTar(temp.resolve("three.tar"), "usr/bin/less")).isPresent();
        assertThat(ItSupport.fileInTar(temp.resolve("one.tar"), "usr/bin/less")).isEmpty();
        assertThat(results.get("three").installedPackages()).contains("less");
    }

    @AfterAll
    void removeEverything() throws IOException {
        assertThat(ItSupport.hostMountsIn(temp)).isEmpty();
        assertThat(temp.resolve("layers/claims")).as("no claim is left").isEmptyDirectory();
        TreeRemover.removeTree(temp);
    }

    private List<Stage> ran(String name) {
        return events.get(name).stream().filter(BuildEvent.StageStarted.class::isInstance)
                .map(e -> ((BuildEvent.StageStarted) e).stage()).toList();
    }

    private List<Stage> skipped(String name) {
        return events.get(name).stream().filter(BuildEvent.StageSkipped.class::isInstance)
                .map(e -> ((BuildEvent.StageSkipped) e).stage()).toList();
    }

    private List<String> messages(String name) {
        return events.get(name).stream().filter(BuildEvent.Message.class::isInstance)
                .map(e -> ((BuildEvent.Message) e).text()).toList();
    }
}
