package org.citadel.realmfs.testing;

import static org.citadel.realmfs.testing.RealmfsAssertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Not a timed test, a benchmark: five tests of one recipe, each changing one post-install module,
 * as a recipe author writes them (named so that surefire's patterns, {@code Test*} among them, miss it). Prints the time of each test (build, assertions, cleanup) and the
 * median of those after the first (the target is at most 3 s) and never fails on time. Run it alone
 * with {@code bin/benchmark testkit}; {@code mvn verify} (CI) runs it after the ITs, the pom naming it.
 */
@RealmfsTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecipeTestsBenchmark {
    static final Duration TARGET = Duration.ofSeconds(3);
    static final List<Long> STARTS = new ArrayList<>();
    static final List<String> BUILDS = new ArrayList<>();

    @BeforeEach
    void start() {
        STARTS.add(System.nanoTime());
    }

    static RealmfsBuild recipe(String motd) {
        return TestRecipes.base().postModule("motd", "printf '%s\\n' '" + motd + "' > /etc/motd").build();
    }

    void check(RealmfsTestBuilds builds, String motd) {
        TestBuild build = builds.build(recipe(motd));
        assertThat(build).file("/etc/motd").hasContent(motd + "\n").hasMode(0644);
        assertThat(build).hasPackage("less").hasUser("root");
        Map<Stage, Duration> stages = build.result().stageDurations();
        StringBuilder ran = new StringBuilder();
        for (Stage stage : Stage.values()) {
            if (stages.containsKey(stage)) {
                ran.append(String.format(", %s %.2f s", stage.name().toLowerCase(), seconds(stages.get(stage))));
            }
        }
        BUILDS.add(String.format("build %.2f s (package layer restored: %s%s)",
                build.result().totalDuration().toMillis() / 1000.0, build.restoredPackageLayer(), ran));
    }

    @Test
    @Order(1)
    void first(RealmfsTestBuilds builds) {
        check(builds, "one");
    }

    @Test
    @Order(2)
    void second(RealmfsTestBuilds builds) {
        check(builds, "two");
    }

    @Test
    @Order(3)
    void third(RealmfsTestBuilds builds) {
        check(builds, "three");
    }

    @Test
    @Order(4)
    void fourth(RealmfsTestBuilds builds) {
        check(builds, "four");
    }

    @Test
    @Order(5)
    void fifth(RealmfsTestBuilds builds) {
        check(builds, "five");
    }

    @AfterAll
    static void printFigures() throws IOException {
        STARTS.add(System.nanoTime());
        StringBuilder s = new StringBuilder("realmfs-testing benchmark: 5 tests of one recipe, each changing one"
                + " post-install module (time per test: build, assertions, cleanup)\n");
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i + 1 < STARTS.size(); i++) {
            double took = (STARTS.get(i + 1) - STARTS.get(i)) / 1e9;
            if (i > 0) {
                warm.add(took);
            }
            s.append(String.format("  test %d: %5.2f s  %s%n", i + 1, took, i < BUILDS.size() ? BUILDS.get(i) : ""));
        }
        List<Double> sorted = warm.stream().sorted().toList();
        double median = sorted.isEmpty() ? Double.NaN
                : (sorted.get((sorted.size() - 1) / 2) + sorted.get(sorted.size() / 2)) / 2;
        double max = sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
        s.append(String.format("after the first: median %.2f s, max %.2f s per test; target <= %d s: %s%n", median, max,
                TARGET.toSeconds(), max <= TARGET.toSeconds() ? "met" : median <= TARGET.toSeconds()
                        ? "met by the median, not by every test" : "NOT met"));
        System.out.print(s);
        Path report = Path.of("target", "testkit-benchmark.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, s);
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }
}
