package org.citadel.realmfs.core.benchmark;

import java.util.List;
import java.util.stream.Collectors;

/** What every benchmark here prints: a step's wall time, medians of rounds, the rounds' figures. */
final class BenchmarkTiming {
    private BenchmarkTiming() {
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step}, printing what it is and then its seconds; returns them. */
    static double time(String what, Step step) throws Exception {
        System.out.println(what + "...");
        long start = System.nanoTime();
        step.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %.1f s%n", seconds);
        return seconds;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The rounds' figures, one decimal each: {@code [40.7 44.3 44.6]}. */
    static String figures(List<Double> values) {
        return values.stream().map(v -> String.format("%.1f", v)).collect(Collectors.joining(" ", "[", "]"));
    }
}
