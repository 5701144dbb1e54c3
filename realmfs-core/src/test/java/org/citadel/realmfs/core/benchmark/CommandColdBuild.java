package org.citadel.realmfs.core.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * (f) of {@link RebuildBenchmark}: a cold build through the command, as a user runs it: the installed
 * launcher ({@code realmfs-builder}, with the jar beside it), a {@code build.conf} of the benchmark's
 * recipe, timed from process start to exit, with an empty layer cache and the benchmark's warm
 * package cache (its files hard-linked into the work directory, not timed). The command runs with {@code -v}, and
 * each line it prints is stamped with the time since the process started ({@code logs/f-command.log}),
 * so {@link #printMilestones} can say where the time went: the JVM's start, the config and the release
 * probe (until the first stage), each stage, debootstrap's phases, apt.
 */
final class CommandColdBuild {
    /** The first line matching each pattern, in the order the build prints them. */
    private static final List<Milestone> MILESTONES = List.of(
            new Milestone("first line printed (JVM, config, probe)", "."),
            new Milestone("stage: bootstrap", "\\[1/\\d+\\]"),
            new Milestone("debootstrap: InRelease fetched", "I: Checking Release signature"),
            new Milestone("debootstrap: Packages index", "I: (Retrieving|Validating) Packages"),
            new Milestone("debootstrap: resolving dependencies", "I: Resolving dependencies"),
            new Milestone("debootstrap: validating/retrieving .debs", "I: (Retrieving|Validating) (?!Packages)"),
            new Milestone("debootstrap: extracting", "I: Extracting"),
            new Milestone("debootstrap: installing core packages", "I: Installing core packages"),
            new Milestone("debootstrap: unpacking required", "I: Unpacking required packages"),
            new Milestone("debootstrap: configuring required", "I: Configuring required packages"),
            new Milestone("debootstrap: unpacking base", "I: Unpacking the base system"),
            new Milestone("debootstrap: configuring base", "I: Configuring the base system"),
            new Milestone("debootstrap: done", "I: Base system installed successfully"),
            new Milestone("stage: prepare chroot", "\\[2/\\d+\\]"),
            new Milestone("stage: pre-install modules", "\\[3/\\d+\\]"),
            new Milestone("stage: install packages", "\\[4/\\d+\\]"),
            new Milestone("apt-get update: first line", "(Hit|Get|Ign):\\d"),
            new Milestone("apt-get update: read lists", "Reading package lists"),
            new Milestone("apt-get install: downloading", "Need to get|Get:\\d+ .*\\.deb|\\S+ \\S+ \\S+ \\[.*B\\]"),
            new Milestone("apt-get install: unpacking", "Unpacking "),
            new Milestone("apt-get install: setting up", "Setting up "),
            new Milestone("stage: post-install modules", "\\[5/\\d+\\]"),
            new Milestone("stage: finish rootfs", "\\[6/\\d+\\]"),
            new Milestone("stage: write outputs", "\\[7/\\d+\\]"));

    private final Path scratch;
    private final Path launcher;
    private final Path packageCache;

    private record Milestone(String name, String pattern) {
        boolean matches(String line) {
            return Pattern.compile(pattern).matcher(line).lookingAt();
        }
    }

    /**
     * @param launcher     the {@code realmfs-builder} launcher script, with {@code realmfs-builder.jar} beside it
     * @param packageCache the warm package cache whose {@code .deb}s the command's work directory gets
     */
    CommandColdBuild(Path scratch, Path launcher, Path packageCache) {
        this.scratch = scratch;
        this.launcher = launcher;
        this.packageCache = packageCache;
    }

    /** The same recipe as {@link RebuildBenchmark#recipe}: base packages none, the three packages, the two modules. */
    static String buildConf(String postVersion) {
        return "BASE_PACKAGES=\"\"\n"
                + "PACKAGES=\"" + String.join(" ", RebuildBenchmark.PACKAGES) + "\"\n"
                + "DEBIAN_RELEASE=" + RebuildBenchmark.RELEASE + "\n"
                + "BASE_PRE_INSTALL_MODULES=\"motd\"\n"
                + "BASE_POST_INSTALL_MODULES=\"tune\"\n"
                + "motd() {\n" + RebuildBenchmark.PRE_MODULE + "}\n"
                + "tune() {\n" + String.format(RebuildBenchmark.POST_MODULE, postVersion) + "}\n";
    }

    /** Not timed: a new work directory whose package cache holds the warm cache's files, and the config. */
    void prepare() throws IOException {
        Path work = scratch.resolve("f-work");
        TreeRemover.removeTree(work);
        Path cache = Files.createDirectories(work.resolve("package-cache"));
        try (Stream<Path> debs = Files.list(packageCache)) {
            for (Path deb : debs.filter(f -> f.toString().endsWith(".deb")).toList()) {
                Files.createLink(cache.resolve(deb.getFileName()), deb);
            }
        }
        // and what the package cache keeps of the archive's indexes (BootstrapIndexes), as (a) finds it
        Path indexes = packageCache.resolve(".indexes");
        if (Files.isDirectory(indexes)) {
            try (Stream<Path> kept = Files.walk(indexes)) {
                for (Path file : kept.toList()) {
                    Path copy = cache.resolve(packageCache.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.createLink(copy, file);
                    }
                }
            }
        }
        Files.createDirectories(scratch.resolve("f-config"));
        Files.writeString(scratch.resolve("f-config/build.conf"), buildConf("v1"));
    }

    /** Runs the command; its output, each line stamped, goes to {@code logs/f-command.log}. */
    void run() throws IOException, InterruptedException {
        Path work = scratch.resolve("f-work");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--no-confirm", "-v", "-t",
                "--clear-layer-cache", "-d", work.toString(), scratch.resolve("f-config/build.conf").toString())
                .directory(scratch.resolve("f-config").toFile())
                .redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(log(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.printf("%9.3f %s%n", (System.nanoTime() - start) / 1e9, line);
            }
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("realmfs-builder exited with " + exit + "; see " + log());
        }
    }

    private Path log() {
        return scratch.resolve("logs/f-command.log");
    }

    /** Each milestone's time since the process started, and how long until the next one. */
    void printMilestones(double exitedAt) throws IOException {
        List<String[]> stamped = new ArrayList<>();
        for (String line : Files.readAllLines(log())) {
            stamped.add(new String[] {line.substring(0, 9).trim(), line.length() > 10 ? line.substring(10) : ""});
        }
        List<String> names = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        int from = 0;
        for (Milestone milestone : MILESTONES) {
            for (int i = from; i < stamped.size(); i++) {
                // the command's lines: "[n/7] stage", or a command's output indented, "| " before it with -v
                String text = stamped.get(i)[1].trim().replaceFirst("^\\| ", "");
                if (milestone.matches(stamped.get(i)[1]) || milestone.matches(text)) {
                    names.add(milestone.name());
                    times.add(Double.parseDouble(stamped.get(i)[0]));
                    from = i;
                    break;
                }
            }
        }
        if (!stamped.isEmpty()) {
            names.add("last line printed");
            times.add(Double.parseDouble(stamped.get(stamped.size() - 1)[0]));
        }
        names.add("process exited");
        times.add(exitedAt);
        for (int i = 0; i < names.size(); i++) {
            double next = i + 1 < times.size() ? times.get(i + 1) - times.get(i) : 0;
            System.out.printf("    %7.2f s  %-44s (+%.2f s to the next)%n", times.get(i), names.get(i), next);
        }
    }
}
