package org.citadel.realmfs.core.benchmark;

import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.figures;
import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.median;
import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.time;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildListener;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.archive.HostAptSources;
import org.citadel.realmfs.core.output.tar.RootfsTarWriter;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * Times, in one run on one machine: (a) a cold build of a small recipe with an empty layer cache
 * and a warm package cache; (b) a rebuild after changing only a post-install module; (c) mmdebstrap
 * making a tarball of the same package set from the same warm cache; (d) our tar writer against GNU
 * tar on the same tree; (e) the same image made the way the original shell builder made it; (f) the
 * cold build of (a) through the command, as a user runs it ({@link CommandColdBuild}: the installed
 * launcher and jar, a {@code build.conf}, process start to exit); and the JVM's peak heap during (a)
 * and (b). Not a test: run it with {@code bin/benchmark} (as root).
 *
 * <p>(a), (b), (e), (f) and (c) run in alternation, three rounds by default, and their medians are
 * compared: debootstrap alone varies by seconds between consecutive runs. For each (a), the duration
 * of each stage and what storing the layers cost are printed; for each (f), when each milestone of
 * its output came (the JVM's start, the stages, debootstrap's phases, apt).
 *
 * <p>Arguments: a scratch directory on a real disk (default /var/tmp/realmfs-benchmark), whose package
 * cache is kept between runs while everything else is deleted; the number of rounds (default 3); the
 * command's jar ({@code realmfs-cli/target/realmfs-builder.jar}) and the {@code install.sh} that
 * installs it (default: beside the launcher in {@code realmfs-cli/src/main/dist}), without which (f)
 * is left out.
 */
public final class RebuildBenchmark {
    static final String RELEASE = RealmfsBuild.DEFAULT_RELEASE;
    static final List<String> PACKAGES = List.of("less", "file", "procps");
    static final String PRE_MODULE = "echo 'benchmark realm' > /etc/motd\n";
    static final String POST_MODULE = "echo 'tuned=%s' > /etc/tuned.conf\n";

    private final Path scratch;
    private final Path packageCache;
    private final URI mirror;
    private final int rounds;
    private final Optional<Path> commandJar;
    private final Path installScript;

    RebuildBenchmark(Path scratch, int rounds, Optional<Path> commandJar, Path installScript) {
        this.scratch = scratch;
        this.rounds = rounds;
        this.commandJar = commandJar;
        this.installScript = installScript;
        this.packageCache = scratch.resolve("package-cache");
        this.mirror = HostAptSources.ofHost().debianMirror()
                .orElseThrow(() -> new IllegalStateException("The host's apt configuration names no Debian mirror"));
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Path.of(args.length > 0 ? args[0] : "/var/tmp/realmfs-benchmark");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Optional<Path> jar = args.length > 2 ? Optional.of(Path.of(args[2]).toAbsolutePath()) : Optional.empty();
        Path install = args.length > 3 ? Path.of(args[3]).toAbsolutePath()
                : Path.of("realmfs-cli/src/main/dist/install.sh").toAbsolutePath();
        Files.createDirectories(scratch);
        new RebuildBenchmark(scratch, rounds, jar, install).run();
    }

    void run() throws Exception {
        Files.createDirectories(packageCache);
        Files.createDirectories(scratch.resolve("logs"));
        if (!hasDebs(packageCache)) {
            System.out.println("warming the package cache (not timed)...");
            build("warm-up", "v0", BuildOptions.builder().useLayerCache(false));
        }
        // (a), (b) and (e) vary by seconds from one run to the next (debootstrap alone does), so they
        // run in alternation, ROUNDS times, and the medians are compared.
        List<Double> colds = new ArrayList<>();
        List<Double> rebuilds = new ArrayList<>();
        List<Double> originals = new ArrayList<>();
        List<Double> commands = new ArrayList<>();
        List<Double> mmdebstraps = new ArrayList<>();
        Optional<CommandColdBuild> command = installCommand();
        long peakHeap = 0;
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("round %d of %d%n", round, rounds);
            PeakHeap.reset();
            BuildTimeline timeline = new BuildTimeline();
            colds.add(time("(a) cold build, empty layer cache, warm package cache",
                    () -> build("a", "v1", BuildOptions.builder().clearLayerCache(true).listener(timeline))));
            timeline.print();
            rebuilds.add(time("(b) rebuild after a post-install module change",
                    () -> build("b", "v2", BuildOptions.builder())));
            peakHeap = Math.max(peakHeap, PeakHeap.bytes());
            originals.add(time("(e) the original builder's way (shell script)", this::originalBuilder));
            printMarks(scratch.resolve("logs/original-builder.log"));
            if (command.isPresent()) {
                command.get().prepare();
                double seconds = time("(f) cold build through the command (realmfs-builder -t, build.conf)",
                        command.get()::run);
                commands.add(seconds);
                command.get().printMilestones(seconds);
            }
            mmdebstraps.add(time("(c) mmdebstrap, same package set, tarball", this::mmdebstrap));
        }
        double mmdebstrap = median(mmdebstraps);
        double[] tar = tarWriters();
        double cold = median(colds);
        double rebuild = median(rebuilds);
        double original = median(originals);

        System.out.println();
        System.out.printf("medians of %d rounds; each round's figures in brackets%n", rounds);
        System.out.printf("(a) cold build          %7.1f s   %s%n", cold, figures(colds));
        System.out.printf("(b) rebuild             %7.1f s   %s%n", rebuild, figures(rebuilds));
        System.out.printf("(c) mmdebstrap          %7.1f s   %s%n", mmdebstrap, figures(mmdebstraps));
        System.out.printf("(d) our tar writer      %7.1f s   GNU tar %.1f s   ours/GNU = %.2f%n", tar[0], tar[1], tar[0] / tar[1]);
        System.out.printf("(e) original builder    %7.1f s   %s%n", original, figures(originals));
        if (!commands.isEmpty()) {
            System.out.printf("(f) cold, the command   %7.1f s   %s%n", median(commands), figures(commands));
        }
        System.out.printf("peak heap during (a) and (b): %d MiB (max heap %d MiB)%n",
                peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("(b)/(a) = %.3f  (target <= 0.1)%n", rebuild / cold);
        System.out.printf("(a)/(c) = %.2f%n", cold / mmdebstrap);
        System.out.printf("(b)/(c) = %.3f  (target < 1)%n", rebuild / mmdebstrap);
        System.out.printf("(a)/(e) = %.2f  (target <= 1)%n", cold / original);
        if (!commands.isEmpty()) {
            System.out.printf("(f)/(e) = %.2f  (target <= 0.85)%n", median(commands) / original);
            System.out.printf("(f)/(c) = %.2f  (target <= 1.3)%n", median(commands) / mmdebstrap);
        }
        TreeRemover.removeTree(scratch.resolve("work"));
        TreeRemover.removeTree(scratch.resolve("out"));
        TreeRemover.removeTree(scratch.resolve("f-work"));
    }

    /** Installs the command's jar and launcher under {@code cli/} with its install.sh, as a user does. */
    private Optional<CommandColdBuild> installCommand() throws IOException, InterruptedException {
        if (commandJar.isEmpty()) {
            System.out.println("no realmfs-builder.jar given: (f), the cold build through the command, is left out");
            return Optional.empty();
        }
        Path cli = scratch.resolve("cli");
        TreeRemover.removeTree(cli);
        run("install-command", List.of(installScript.toString(), commandJar.get().toString()),
                Map.of("SHARE_DIR", cli.resolve("share").toString(), "BIN_DIR", cli.resolve("bin").toString()));
        return Optional.of(new CommandColdBuild(scratch, cli.resolve("bin/realmfs-builder"), packageCache));
    }

    private RealmfsBuild recipe(String postVersion) {
        return RealmfsBuild.builder()
                .release(RELEASE)
                .mirror(mirror)
                .packages(PACKAGES)
                .preModule("motd", PRE_MODULE)
                .postModule("tune", String.format(POST_MODULE, postVersion))
                .build();
    }

    private void build(String name, String postVersion, BuildOptions.Builder options) throws IOException {
        recipe(postVersion).run(scratch.resolve("work"), options
                .packageCacheDirectory(packageCache)
                .layerCacheDirectory(scratch.resolve("layer-cache"))
                .output(Output.tar(out(name + ".tar")))
                .build());
    }

    private void mmdebstrap() throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("mmdebstrap", "--mode=root", "--variant=minbase",
                "--include=" + String.join(",", includes()),
                "--setup-hook=mkdir -p \"$1\"/var/cache/apt/archives/",
                "--setup-hook=sync-in " + packageCache + " /var/cache/apt/archives/"));
        argv.addAll(List.of(RELEASE, out("c.tar").toString(), mirror.toString()));
        run("mmdebstrap", argv, Map.of());
    }

    private void originalBuilder() throws IOException, InterruptedException {
        Path modules = Files.createDirectories(scratch.resolve("work/original-modules"));
        Files.writeString(modules.resolve("pre-10-motd.sh"), PRE_MODULE);
        Files.writeString(modules.resolve("post-10-tune.sh"), String.format(POST_MODULE, "v1"));
        Path script = scratch.resolve("work/original-builder.sh");
        try (InputStream in = RebuildBenchmark.class.getResourceAsStream("original-builder.sh")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        run("original-builder", List.of("unshare", "--mount", "--propagation", "private", "bash", script.toString()),
                Map.of("ROOTFS", scratch.resolve("work/original-rootfs").toString(),
                        "MIRROR", mirror.toString(),
                        "RELEASE", RELEASE,
                        "PACKAGE_CACHE", packageCache.toString(),
                        "OUTPUT_TAR", out("e.tar").toString(),
                        "PACKAGES", String.join(" ", PACKAGES),
                        "MODULES_DIR", modules.toString()));
    }

    /**
     * Our writer and GNU tar archiving the tree of (a), unpacked on disk; each run twice, the faster
     * kept. Both write to a plain file without syncing it (our {@code writeTo} syncs before its
     * rename, a durability step GNU tar does not take), so the writers themselves are compared.
     */
    private double[] tarWriters() throws Exception {
        Path tree = Files.createDirectories(scratch.resolve("work/tree"));
        run("unpack", List.of("tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "-xpf",
                out("a.tar").toString(), "-C", tree.toString()), Map.of());
        double ours = Double.MAX_VALUE;
        double gnu = Double.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            ours = Math.min(ours, time("(d) our tar writer", () -> {
                try (OutputStream file = new FileOutputStream(out("d-ours.tar").toFile())) {
                    new RootfsTarWriter().write(tree, file);
                }
            }));
            gnu = Math.min(gnu, time("(d) GNU tar", () -> run("gnu-tar", List.of("tar", "--numeric-owner", "--xattrs",
                    "--xattrs-include=*", "-cf", out("d-gnu.tar").toString(), "-C", tree.toString(), "."), Map.of())));
        }
        return new double[] {ours, gnu};
    }

    private List<String> includes() {
        List<String> all = new ArrayList<>(RealmfsBuild.DEFAULT_BOOTSTRAP_INCLUDES);
        all.addAll(PACKAGES);
        return all;
    }

    private Path out(String name) throws IOException {
        return BenchmarkScratch.out(scratch, name);
    }

    private void run(String name, List<String> argv, Map<String, String> environment) throws IOException, InterruptedException {
        BenchmarkScratch.run(scratch, name, argv, environment);
    }

    private static boolean hasDebs(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(f -> f.toString().endsWith(".deb"));
        }
    }

    /** The time between the script's marks: how long its debootstrap, apt and tar took. */
    private static void printMarks(Path log) throws IOException {
        double previous = Double.NaN;
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("realmfs-benchmark-mark ")) {
                String[] fields = line.split(" ");
                double at = Double.parseDouble(fields[2]);
                if (!Double.isNaN(previous)) {
                    System.out.printf("    %-28s %6.1f s%n", fields[1], at - previous);
                }
                previous = at;
            }
        }
    }

    /** Where a cold build's time went: each stage's duration, the layers stored, the steps skipped. */
    private static final class BuildTimeline implements BuildListener {
        private static final java.util.regex.Pattern NOTEWORTHY = java.util.regex.Pattern.compile("stored|skipped|downloaded|copied|kept");
        private final List<String> lines = new ArrayList<>();

        @Override
        public void onEvent(BuildEvent event) {
            if (event instanceof BuildEvent.StageFinished finished) {
                lines.add(String.format("%-28s %6.1f s", finished.stage().description(), finished.took().toMillis() / 1e3));
            } else if (event instanceof BuildEvent.Message message && NOTEWORTHY.matcher(message.text()).lookingAt()) {
                lines.add("  " + message.text());
            }
        }

        void print() {
            lines.forEach(line -> System.out.println("    " + line));
        }
    }
}
