package org.citadel.realmfs.core.benchmark;

import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.figures;
import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.median;
import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.time;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.archive.HostAptSources;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * Times, in one run, alternating rounds, medians: (R) our rebuild to a signed, compressed RealmFS image
 * after changing one post-install module; (R0) the same with nothing changed; (C) Citadel's image
 * pipeline as a shell script on the same ext4 (copy, veritysetup format, sha256, zero block, xz -T0,
 * header); (X) {@code xz -T0} alone on the same payload at the same level. Prints the ratios, the
 * fraction of compressed chunks reused, our output size against plain {@code xz -T0}, and the peak
 * heap. Not a test: run it with {@code bin/benchmark image} (as root, with -Xmx256m).
 *
 * <p>Arguments: a scratch directory (default /var/tmp/realmfs-image-benchmark), whose package cache
 * is kept; the number of rounds (default 3); the xz level (default 6).
 */
public final class ImageBenchmark {
    private static final Pattern REUSE = Pattern.compile("reused (\\d+) of (\\d+) compressed chunks");

    private final Path scratch;
    private final Path packageCache;
    private final URI mirror;
    private final int rounds;
    private final int level;
    private String lastReuse = "";
    private String lastStages = "";
    private final List<String> lastOutputSteps = new ArrayList<>();
    private int reusedChunks;
    private int allChunks;

    ImageBenchmark(Path scratch, int rounds, int level) {
        this.scratch = scratch;
        this.rounds = rounds;
        this.level = level;
        this.packageCache = scratch.resolve("package-cache");
        this.mirror = HostAptSources.ofHost().debianMirror()
                .orElseThrow(() -> new IllegalStateException("The host's apt configuration names no Debian mirror"));
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Path.of(args.length > 0 ? args[0] : "/var/tmp/realmfs-image-benchmark");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int level = args.length > 2 ? Integer.parseInt(args[2]) : RealmfsImageOutput.DEFAULT_XZ_LEVEL;
        Files.createDirectories(scratch);
        new ImageBenchmark(scratch, rounds, level).run();
    }

    void run() throws Exception {
        Files.createDirectories(packageCache);
        Files.createDirectories(scratch.resolve("logs"));
        TreeRemover.removeTree(scratch.resolve("layer-cache"));
        System.out.println("warm-up build: layers and compressed chunks (not timed)...");
        build("v0");
        Path payload = payloadOf(image());
        Path ext4 = ext4Of(payload);
        System.out.printf("payload: %d MiB (zero block + ext4)%n", Files.size(payload) >> 20);

        List<Double> changed = new ArrayList<>();
        List<Double> unchanged = new ArrayList<>();
        List<Double> citadel = new ArrayList<>();
        List<Double> plainXz = new ArrayList<>();
        List<String> reuse = new ArrayList<>();
        long peakHeap = 0;
        int reused = 0;
        int chunks = 0;
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("round %d of %d%n", round, rounds);
            PeakHeap.reset();
            String version = "v" + round;
            changed.add(time("(R) rebuild after a post-install module change", () -> build(version)));
            System.out.println("    where (R)'s time went: " + lastStages);
            lastOutputSteps.forEach(step -> System.out.println("      " + step));
            reuse.add(lastReuse);
            reused += reusedChunks;
            chunks += allChunks;
            System.out.println("    " + lastReuse);
            unchanged.add(time("(R0) rebuild, nothing changed", () -> build(version)));
            System.out.println("    " + lastReuse);
            peakHeap = Math.max(peakHeap, PeakHeap.bytes());
            citadel.add(time("(C) Citadel's pipeline (shell script)", () -> citadelPipeline(ext4)));
            plainXz.add(time("(X) xz -T0 -" + level + " of the payload", () -> run("xz",
                    List.of("bash", "-c", "xz -T0 -" + level + " < '" + payload + "' > '" + out("x.xz") + "'"), Map.of())));
        }
        long ours = Files.size(image()) - 4096;
        long plain = Files.size(out("x.xz"));
        double r = median(changed);
        double r0 = median(unchanged);
        double c = median(citadel);
        double x = median(plainXz);

        System.out.println();
        System.out.printf("xz level %d; medians of %d rounds; each round's figures in brackets%n", level, rounds);
        System.out.printf("(R)  rebuild, one module changed  %7.1f s   %s  (target <= 15 s)%n", r, figures(changed));
        System.out.printf("(R0) rebuild, nothing changed     %7.1f s   %s  (target <= 5 s)%n", r0, figures(unchanged));
        System.out.printf("(C)  Citadel's pipeline           %7.1f s   %s%n", c, figures(citadel));
        System.out.printf("(X)  xz -T0 alone                 %7.1f s   %s%n", x, figures(plainXz));
        System.out.printf("R/C = %.3f  (target <= 0.2)%n", r / c);
        System.out.printf("R/X = %.3f%n", r / x);
        System.out.printf("chunk reuse in (R): %d of %d = %.1f%%  %s%n", reused, chunks,
                chunks == 0 ? 0 : 100.0 * reused / chunks, reuse);
        System.out.printf("output: ours %.2f MiB, plain xz -T0 %.2f MiB, ours/plain = %.4f  (target <= 1.03)%n",
                ours / 1048576.0, plain / 1048576.0, (double) ours / plain);
        System.out.printf("peak heap during (R) and (R0): %d MiB (max heap %d MiB)%n",
                peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private RealmfsBuild recipe(String postVersion) {
        return RealmfsBuild.builder()
                .release(RebuildBenchmark.RELEASE)
                .mirror(mirror)
                .packages(RebuildBenchmark.PACKAGES)
                .preModule("motd", RebuildBenchmark.PRE_MODULE)
                .postModule("tune", String.format(RebuildBenchmark.POST_MODULE, postVersion))
                .build();
    }

    private void build(String postVersion) throws IOException {
        lastReuse = "";
        lastOutputSteps.clear();
        long[] outputsStarted = {0};
        BuildResult result = recipe(postVersion).run(scratch.resolve("work"), BuildOptions.builder()
                .packageCacheDirectory(packageCache)
                .layerCacheDirectory(scratch.resolve("layer-cache"))
                .listener(event -> {
                    if (event instanceof BuildEvent.StageStarted started && started.stage() == Stage.WRITE_OUTPUTS) {
                        outputsStarted[0] = System.nanoTime();
                    }
                    if (event instanceof BuildEvent.Message message && message.stage() == Stage.WRITE_OUTPUTS) {
                        lastOutputSteps.add(String.format("WRITE_OUTPUTS +%5.1f s  %s",
                                (System.nanoTime() - outputsStarted[0]) / 1e9, message.text()));
                    }
                    if (event instanceof BuildEvent.Message message) {
                        Matcher reuse = REUSE.matcher(message.text());
                        if (reuse.lookingAt()) {
                            lastReuse = message.text();
                            reusedChunks = Integer.parseInt(reuse.group(1));
                            allChunks = Integer.parseInt(reuse.group(2));
                        }
                    }
                })
                .output(RealmfsImageOutput.builder(out("image")).timestamp("20250101120000").xzLevel(level).build())
                .build());
        lastStages = result.stageDurations().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> String.format("%s %.1f s", e.getKey(), e.getValue().toMillis() / 1000.0))
                .collect(Collectors.joining(", ")) + String.format(" (total %.1f s)", result.totalDuration().toMillis() / 1000.0);
    }

    private Path image() throws IOException {
        return out("image").resolve("citadel-realmfs-dev-001.img");
    }

    /** The image's payload, decompressed: zero block + ext4. */
    private Path payloadOf(Path image) throws Exception {
        Path payload = out("payload");
        run("payload", List.of("bash", "-c", "tail -c +4097 '" + image + "' | xz -d > '" + payload + "'"), Map.of());
        return payload;
    }

    private Path ext4Of(Path payload) throws Exception {
        Path ext4 = out("data.ext4");
        run("ext4", List.of("bash", "-c", "tail -c +4097 '" + payload + "' | cp --sparse=always /dev/stdin '" + ext4 + "'"),
                Map.of());
        try (RandomAccessFile file = new RandomAccessFile(ext4.toFile(), "r")) {
            if (file.length() + 4096 != Files.size(payload)) {
                throw new IllegalStateException("ext4 of " + file.length() + " bytes from a payload of " + Files.size(payload));
            }
        }
        return ext4;
    }

    private void citadelPipeline(Path ext4) throws Exception {
        Path work = scratch.resolve("work-citadel");
        TreeRemover.removeTree(work);
        Files.createDirectories(work);
        Path script = work.resolve("citadel-image-pipeline.sh");
        try (InputStream in = ImageBenchmark.class.getResourceAsStream("citadel-image-pipeline.sh")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        run("citadel-pipeline", List.of("bash", script.toString()), Map.of("EXT4", ext4.toString(),
                "WORK", work.toString(), "LEVEL", Integer.toString(level), "OUTPUT", out("citadel.img").toString()));
    }

    private Path out(String name) throws IOException {
        return BenchmarkScratch.out(scratch, name);
    }

    private void run(String name, List<String> argv, Map<String, String> environment) throws IOException, InterruptedException {
        BenchmarkScratch.run(scratch, name, argv, environment);
    }
}
