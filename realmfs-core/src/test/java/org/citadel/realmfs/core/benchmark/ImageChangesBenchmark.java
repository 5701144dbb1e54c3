package org.citadel.realmfs.core.benchmark;

import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.figures;
import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.median;
import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.time;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.archive.HostAptSources;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * What rebuilding the signed compressed RealmFS image costs after the post-install changes users
 * make, one after the other, each on top of the one before: the content of a file the modules write
 * changed, one more new file in /etc, a file of the package layer changed, 300 KB of new data under
 * /usr/local. Each round writes other contents (so nothing is cached from the round before); prints
 * each change's median time and the compressed chunks it reused. Not a test: {@code bin/benchmark
 * image-changes [dir] [rounds]}.
 */
public final class ImageChangesBenchmark {
    private final Path scratch;
    private final URI mirror;
    private final int rounds;
    private String reuse = "";

    ImageChangesBenchmark(Path scratch, int rounds) {
        this.scratch = scratch;
        this.rounds = rounds;
        this.mirror = HostAptSources.ofHost().debianMirror()
                .orElseThrow(() -> new IllegalStateException("The host's apt configuration names no Debian mirror"));
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Path.of(args.length > 0 ? args[0] : "/var/tmp/realmfs-image-changes-benchmark");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Files.createDirectories(scratch.resolve("package-cache"));
        new ImageChangesBenchmark(scratch, rounds).run();
    }

    /** The post-install module of each change in round {@code round}: each adds to the one before. */
    private static Map<String, String> changes(int round) {
        Map<String, String> changes = new LinkedHashMap<>();
        String module = "echo 'tuned=" + round + "' > /etc/tuned.conf\n";
        changes.put("before the changes (not timed)", module);
        module = "echo 'tuned=" + round + " changed' > /etc/tuned.conf\n";
        changes.put("the content of a file the modules write changed", module);
        module += "echo 'extra " + round + "' > /etc/extra.conf\n";
        changes.put("one more new file in /etc", module);
        module += "echo 'Realm " + round + "' > /etc/issue\n";
        changes.put("a file of the package layer changed (/etc/issue)", module);
        module += "awk 'BEGIN { srand(" + round + "); for (i = 0; i < 37500; i++) printf \"%08x\", int(rand() * 4294967296) }'"
                + " > /usr/local/data-" + round + "\n";
        changes.put("300 KB of new data under /usr/local", module);
        return changes;
    }

    void run() throws Exception {
        TreeRemover.removeTree(scratch.resolve("layer-cache"));
        System.out.println("warm-up build: layers, base and compressed chunks (not timed)...");
        build("echo warm-up > /etc/tuned.conf\n");
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, List<String>> reused = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("round %d of %d%n", round, rounds);
            boolean first = true;
            for (Map.Entry<String, String> change : changes(round).entrySet()) {
                if (first) {
                    build(change.getValue());
                    first = false;
                    continue;
                }
                times.computeIfAbsent(change.getKey(), k -> new ArrayList<>())
                        .add(time(change.getKey(), () -> build(change.getValue())));
                reused.computeIfAbsent(change.getKey(), k -> new ArrayList<>()).add(reuse);
                System.out.println("    " + reuse);
            }
        }
        System.out.println();
        System.out.printf("rebuild of the signed compressed image (xz -6), medians of %d rounds%n", rounds);
        times.forEach((change, figures) -> System.out.printf("%-52s %6.1f s  %s  %s%n", change, median(figures),
                figures(figures), reused.get(change).get(0).replaceFirst(":.*", "")));
    }

    private void build(String postModule) throws Exception {
        reuse = "";
        RealmfsBuild.builder()
                .release(RebuildBenchmark.RELEASE)
                .mirror(mirror)
                .packages(RebuildBenchmark.PACKAGES)
                .preModule("motd", RebuildBenchmark.PRE_MODULE)
                .postModule("tune", postModule)
                .build()
                .run(scratch.resolve("work"), BuildOptions.builder()
                        .packageCacheDirectory(scratch.resolve("package-cache"))
                        .layerCacheDirectory(scratch.resolve("layer-cache"))
                        .listener(event -> {
                            if (event instanceof BuildEvent.Message message && message.text().startsWith("reused ")) {
                                reuse = message.text();
                            }
                        })
                        .output(RealmfsImageOutput.builder(BenchmarkScratch.out(scratch, "image"))
                                .timestamp("20250101120000").build())
                        .build());
    }
}
