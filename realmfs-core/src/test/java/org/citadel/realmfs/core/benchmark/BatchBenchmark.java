package org.citadel.realmfs.core.benchmark;

import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.figures;
import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.median;
import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.time;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildListener;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBatch;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.archive.HostAptSources;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * Times, in one run on one machine, a family of recipes that share the default base and differ in
 * packages and post-install modules: (a) each built cold, one after another, each with its own empty
 * layer cache (the package cache warm); (b) the same recipes as one batch on one layer cache and one
 * package cache; (c) mmdebstrap once per recipe with the same package set. Prints the times, (b)/(a),
 * (b)/(c) and the JVM's peak heap during (a) and during (b). Not a test: run it with
 * {@code bin/benchmark batch} (as root).
 *
 * <p>Arguments: a scratch directory on a real disk (default /var/tmp/realmfs-batch-benchmark), whose
 * package cache is kept between runs while everything else is deleted; how many of the four recipes
 * to build (default 4; fewer for a quick check); the batch's parallelism (default 2).
 */
public final class BatchBenchmark {
    static final String RELEASE = RealmfsBuild.DEFAULT_RELEASE;

    /** One recipe of the family: its name, the packages it adds, what its post-install module writes. */
    record Member(String name, List<String> packages, String postModule) {}

    static final List<Member> FAMILY = List.of(
            new Member("base", List.of("less"), "echo 'realm=base' > /etc/realm.conf\n"),
            new Member("tools", List.of("less", "file", "procps"), "echo 'realm=tools' > /etc/realm.conf\n"),
            new Member("net", List.of("less", "iproute2", "netcat-openbsd"),
                    "echo 'realm=net' > /etc/realm.conf\nmkdir -p /etc/realm.d\necho 'dhcp=yes' > /etc/realm.d/net.conf\n"),
            new Member("edit", List.of("less", "nano", "bzip2"),
                    "echo 'realm=edit' > /etc/realm.conf\necho 'set tabsize 4' > /etc/nanorc.local\n"));

    /** One build the benchmark runs: what {@code RealmfsBatch.builder().add(...)} takes. */
    record Entry(String name, RealmfsBuild recipe, Path workDir, BuildOptions options) {}

    /** How one build of a batch went. */
    record EntryTime(String name, Duration took, Optional<Throwable> failure) {}

    private final Path scratch;
    private final Path packageCache;
    private final URI mirror;
    private final List<Member> members;
    private final int parallelism;

    BatchBenchmark(Path scratch, int recipes, int parallelism) {
        this.scratch = scratch;
        this.packageCache = scratch.resolve("package-cache");
        this.members = family(recipes);
        this.parallelism = parallelism;
        this.mirror = HostAptSources.ofHost().debianMirror()
                .orElseThrow(() -> new IllegalStateException("The host's apt configuration names no Debian mirror"));
    }

    /** The first {@code recipes} of the family; beyond four, the family again under numbered names ("base-2"). */
    static List<Member> family(int recipes) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < recipes; i++) {
            Member m = FAMILY.get(i % FAMILY.size());
            members.add(i < FAMILY.size() ? m : new Member(m.name() + "-" + (i / FAMILY.size() + 1), m.packages(),
                    m.postModule()));
        }
        return members;
    }

    /** Arguments: scratch directory, recipes (1-8), parallelism, and {@code batch-only} to run (b) alone (its heap). */
    public static void main(String[] args) throws Exception {
        Path scratch = Path.of(args.length > 0 ? args[0] : "/var/tmp/realmfs-batch-benchmark");
        int recipes = args.length > 1 ? Integer.parseInt(args[1]) : FAMILY.size();
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        boolean batchOnly = args.length > 3 && args[3].equals("batch-only");
        if (recipes < 1 || recipes > 2 * FAMILY.size() || parallelism < 1) {
            throw new IllegalArgumentException("recipes must be 1.." + 2 * FAMILY.size() + " and parallelism at least 1");
        }
        Files.createDirectories(scratch);
        BatchBenchmark benchmark = new BatchBenchmark(scratch, recipes, parallelism);
        if (batchOnly) {
            benchmark.runBatchOnly();
        } else {
            benchmark.run();
        }
    }

    /** (b) alone, on an empty layer cache: its time and the peak heap of the whole batch. */
    void runBatchOnly() throws Exception {
        Files.createDirectories(packageCache);
        Files.createDirectories(scratch.resolve("logs"));
        TreeRemover.removeTree(scratch.resolve("work"));
        TreeRemover.removeTree(scratch.resolve("out"));
        warmPackageCache();
        PeakHeap.reset();
        TreeRemover.removeTree(scratch.resolve("layer-cache-b"));
        LayerCounter counter = new LayerCounter("b");
        List<Entry> batch = new ArrayList<>();
        for (Member member : members) {
            batch.add(entry("b", member, scratch.resolve("layer-cache-b"), counter));
        }
        long start = System.nanoTime();
        List<EntryTime> entries = runBatch(batch, parallelism);
        double b = seconds(start);
        counter.print();
        System.out.printf("(b) %d recipes as one batch, parallelism %d: %.1f s, %d failed; peak heap %d MiB (max heap %d MiB)%n",
                members.size(), parallelism, b, entries.stream().filter(e -> e.failure().isPresent()).count(),
                PeakHeap.bytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        TreeRemover.removeTree(scratch.resolve("work"));
        TreeRemover.removeTree(scratch.resolve("out"));
        TreeRemover.removeTree(scratch.resolve("layer-cache-b"));
    }

    void run() throws Exception {
        Files.createDirectories(packageCache);
        Files.createDirectories(scratch.resolve("logs"));
        TreeRemover.removeTree(scratch.resolve("work"));
        TreeRemover.removeTree(scratch.resolve("out"));
        warmPackageCache();

        PeakHeap.reset();
        List<Double> separate = new ArrayList<>();
        long start = System.nanoTime();
        for (Member member : members) {
            Entry entry = entry("a", member, scratch.resolve("layer-cache-a-" + member.name()), event -> { });
            separate.add(time("(a) " + member.name() + ": cold build, its own empty layer cache",
                    () -> entry.recipe().run(entry.workDir(), entry.options())));
        }
        double a = seconds(start);
        long heapA = PeakHeap.bytes();

        PeakHeap.reset();
        TreeRemover.removeTree(scratch.resolve("layer-cache-b"));
        LayerCounter counter = new LayerCounter("b");
        List<Entry> batch = new ArrayList<>();
        for (Member member : members) {
            batch.add(entry("b", member, scratch.resolve("layer-cache-b"), counter));
        }
        System.out.printf("(b) the %d recipes as one batch, parallelism %d...%n", members.size(), parallelism);
        start = System.nanoTime();
        List<EntryTime> entries = runBatch(batch, parallelism);
        double b = seconds(start);
        long heapB = PeakHeap.bytes();
        for (EntryTime entry : entries) {
            System.out.printf("  %-6s %6.1f s%s%n", entry.name(), entry.took().toMillis() / 1e3,
                    entry.failure().map(f -> "  FAILED: " + f).orElse(""));
        }
        counter.print();
        if (entries.stream().anyMatch(e -> e.failure().isPresent())) {
            throw new IllegalStateException("a build of the batch failed; see above");
        }

        List<Double> mmdebstraps = new ArrayList<>();
        start = System.nanoTime();
        for (Member member : members) {
            mmdebstraps.add(time("(c) " + member.name() + ": mmdebstrap, same package set, tarball", () -> mmdebstrap(member)));
        }
        double c = seconds(start);

        System.out.println();
        System.out.printf("%d recipes sharing the %s %s base; batch parallelism %d%n",
                members.size(), RELEASE, RealmfsBuild.DEFAULT_VARIANT, parallelism);
        System.out.printf("(a) separate cold builds  %7.1f s   %s%n", a, figures(separate));
        System.out.printf("(b) one batch             %7.1f s%n", b);
        System.out.printf("(c) mmdebstrap            %7.1f s   %s%n", c, figures(mmdebstraps));
        System.out.printf("(b)/(a) = %.3f  (target <= 0.4)%n", b / a);
        System.out.printf("(b)/(c) = %.3f  (target < 1)%n", b / c);
        System.out.printf("peak heap: (a) %d MiB, (b) %d MiB (max heap %d MiB)%n",
                heapA >> 20, heapB >> 20, Runtime.getRuntime().maxMemory() >> 20);
        TreeRemover.removeTree(scratch.resolve("work"));
        TreeRemover.removeTree(scratch.resolve("out"));
        TreeRemover.removeTree(scratch.resolve("layer-cache-b"));
        for (Member member : members) {
            TreeRemover.removeTree(scratch.resolve("layer-cache-a-" + member.name()));
        }
    }

    /** The four entries as one {@link RealmfsBatch} (shared caches, single-flight layers) of {@code parallelism}. */
    private static List<EntryTime> runBatch(List<Entry> entries, int parallelism) {
        RealmfsBatch.Builder batch = RealmfsBatch.builder().parallelism(parallelism);
        entries.forEach(e -> batch.add(e.name(), e.recipe(), e.workDir(), e.options()));
        return batch.build().run().entries().stream()
                .map(r -> new EntryTime(r.name(), r.took(), r.failure().<Throwable>map(f -> f))).toList();
    }

    private Entry entry(String run, Member member, Path layerCache, BuildListener listener) throws IOException {
        return new Entry(member.name(), recipe(member), scratch.resolve("work/" + run + "-" + member.name()),
                BuildOptions.builder()
                        .packageCacheDirectory(packageCache)
                        .layerCacheDirectory(layerCache)
                        .clearLayerCache(run.equals("a"))
                        .listener(listener)
                        .output(Output.tar(out(run + "-" + member.name() + ".tar")))
                        .build());
    }

    private RealmfsBuild recipe(Member member) {
        return RealmfsBuild.builder()
                .release(RELEASE)
                .mirror(mirror)
                .packages(member.packages())
                .postModule("realm", member.postModule())
                .build();
    }

    /**
     * One build of every package of the family, without a layer cache, unless the package cache has
     * a file of each (and of the bootstrap includes) already: not timed.
     */
    private void warmPackageCache() throws IOException {
        Set<String> all = new LinkedHashSet<>();
        members.forEach(m -> all.addAll(m.packages()));
        Set<String> wanted = new LinkedHashSet<>(all);
        wanted.addAll(RealmfsBuild.DEFAULT_BOOTSTRAP_INCLUDES);
        if (wanted.stream().allMatch(this::isCached)) {
            System.out.println("the package cache has every package of the family: no warm-up build");
            return;
        }
        System.out.println("warming the package cache with " + all + " (not timed)...");
        RealmfsBuild.builder().release(RELEASE).mirror(mirror).packages(List.copyOf(all)).build()
                .run(scratch.resolve("work/warm-up"), BuildOptions.builder()
                        .packageCacheDirectory(packageCache)
                        .useLayerCache(false)
                        .output(Output.tar(out("warm-up.tar")))
                        .build());
        TreeRemover.removeTree(scratch.resolve("work/warm-up"));
    }

    private boolean isCached(String packageName) {
        try (DirectoryStream<Path> debs = Files.newDirectoryStream(packageCache, packageName + "_*.deb")) {
            return debs.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private void mmdebstrap(Member member) throws IOException, InterruptedException {
        List<String> includes = new ArrayList<>(RealmfsBuild.DEFAULT_BOOTSTRAP_INCLUDES);
        includes.addAll(member.packages());
        List<String> argv = List.of("mmdebstrap", "--mode=root", "--variant=minbase",
                "--include=" + String.join(",", includes),
                "--setup-hook=mkdir -p \"$1\"/var/cache/apt/archives/",
                "--setup-hook=sync-in " + packageCache + " /var/cache/apt/archives/",
                "--customize-hook=chroot \"$1\" sh -c " + shellQuoted(member.postModule()),
                RELEASE, out("c-" + member.name() + ".tar").toString(), mirror.toString());
        Path log = scratch.resolve("logs/mmdebstrap-" + member.name() + ".log");
        int exit = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("mmdebstrap exited with " + exit + "; see " + log);
        }
    }

    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private Path out(String name) throws IOException {
        return Files.createDirectories(scratch.resolve("out")).resolve(name);
    }

    /** Counts the layers stored and reused, by kind, as the build's messages say. */
    private static final class LayerCounter implements BuildListener {
        private final String name;
        private final AtomicInteger bootstrapsStored = new AtomicInteger();
        private final AtomicInteger bootstrapsReused = new AtomicInteger();

        LayerCounter(String name) {
            this.name = name;
        }

        @Override
        public void onEvent(BuildEvent event) {
            if (event instanceof BuildEvent.Message message) {
                if (message.text().startsWith("stored the bootstrap layer")) {
                    bootstrapsStored.incrementAndGet();
                } else if (message.text().startsWith("reused the bootstrap layer")) {
                    bootstrapsReused.incrementAndGet();
                }
            }
        }

        void print() {
            System.out.printf("  %s: bootstrap layer stored %d times, reused %d times%n",
                    name, bootstrapsStored.get(), bootstrapsReused.get());
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
