package org.citadel.realmfs.core.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A benchmark's scratch directory: its outputs under {@code out/}, each command's output in {@code logs/NAME.log}. */
final class BenchmarkScratch {
    private BenchmarkScratch() {
    }

    static Path out(Path scratch, String name) throws IOException {
        return Files.createDirectories(scratch.resolve("out")).resolve(name);
    }

    /** Runs a command with its output in {@code logs/NAME.log}; fails naming that log when it exits non-zero. */
    static void run(Path scratch, String name, List<String> argv, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path log = scratch.resolve("logs/" + name + ".log");
        ProcessBuilder process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        process.environment().putAll(environment);
        int exit = process.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(name + " exited with " + exit + "; see " + log);
        }
    }
}
