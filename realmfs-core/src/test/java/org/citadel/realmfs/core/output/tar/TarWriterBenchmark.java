package org.citadel.realmfs.core.output.tar;

import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.citadel.realmfs.core.benchmark.PeakHeap;

/**
 * Times {@link RootfsTarWriter} against GNU tar archiving the same tree to a file in the same
 * directory, alternating which goes first. Not a test: run it by hand, for example with
 * {@code java -Xmx64m -cp ... TarWriterBenchmark /usr 3 /dev/shm}.
 *
 * <p>Arguments: the tree (default /usr), the number of rounds (default 3), and a directory for the
 * archives (default /dev/shm: on a disk, the kernel's writeback of gigabytes makes the figures
 * vary by a factor of two between rounds; both archives are deleted after each round).
 */
public final class TarWriterBenchmark {

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args.length > 0 ? args[0] : "/usr");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path scratch = Files.createTempDirectory(Path.of(args.length > 2 ? args[2] : "/dev/shm"), "tar-benchmark");
        List<Double> ours = new ArrayList<>();
        List<Double> gnu = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                boolean gnuFirst = round % 2 == 1;
                if (gnuFirst) {
                    gnu.add(timeGnuTar(tree, scratch));
                }
                ours.add(timeOurs(tree, scratch));
                if (!gnuFirst) {
                    gnu.add(timeGnuTar(tree, scratch));
                }
                System.out.printf("round %d: ours %.2f s, GNU tar %.2f s%n", round, last(ours), last(gnu));
            }
        } finally {
            Files.deleteIfExists(scratch.resolve("ours.tar"));
            Files.deleteIfExists(scratch.resolve("gnu.tar"));
            Files.deleteIfExists(scratch);
        }
        double oursMedian = median(ours);
        double gnuMedian = median(gnu);
        System.out.printf("median: ours %.2f s, GNU tar %.2f s, ours/GNU = %.2f%n", oursMedian, gnuMedian, oursMedian / gnuMedian);
        System.out.printf("peak heap used: %d MiB (max heap %d MiB)%n", PeakHeap.bytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static double timeOurs(Path tree, Path scratch) throws IOException {
        Path archive = scratch.resolve("ours.tar");
        long cpuStart = ownCpuNanos();
        long start = System.nanoTime();
        TarWriteSummary summary;
        try (FileOutputStream out = new FileOutputStream(archive.toFile())) {
            summary = new RootfsTarWriter().write(tree, out);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  ours: %d entries, %d MiB of contents, archive %d MiB, CPU %.2f s (all JVM threads)%n",
                summary.entries(), summary.contentBytes() >> 20, Files.size(archive) >> 20,
                (ownCpuNanos() - cpuStart) / 1e9);
        Files.delete(archive);
        return seconds;
    }

    private static double timeGnuTar(Path tree, Path scratch) throws IOException, InterruptedException {
        Path archive = scratch.resolve("gnu.tar");
        double cpuStart = childrenCpuSeconds();
        long start = System.nanoTime();
        Process tar = new ProcessBuilder("tar", "--numeric-owner", "--xattrs", "--xattrs-include=*",
                "-cf", archive.toString(), "-C", tree.toString(), ".")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = tar.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  GNU tar: exit %d, archive %d MiB, CPU %.2f s%n", exit, Files.size(archive) >> 20,
                childrenCpuSeconds() - cpuStart);
        Files.delete(archive);
        return seconds;
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** User and system time of reaped children, from /proc/self/stat (fields 16 and 17, in clock ticks of 1/100 s). */
    private static double childrenCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
    }

    private static double last(List<Double> times) {
        return times.get(times.size() - 1);
    }

    private static double median(List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
