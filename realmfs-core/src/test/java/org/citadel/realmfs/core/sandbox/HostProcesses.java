package org.citadel.realmfs.core.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds processes on the host by their exact command line, as /proc shows them. */
public final class HostProcesses {
    private HostProcesses() {
    }

    /** Waits (up to 10 s) until a process with this command line runs; returns how many do. */
    public static long awaitRunning(List<String> argv) throws IOException, InterruptedException {
        return awaitCount(argv, n -> n > 0);
    }

    /** Waits (up to 10 s) until no process with this command line runs; returns how many still do. */
    public static long awaitNoneRunning(List<String> argv) throws IOException, InterruptedException {
        return awaitCount(argv, n -> n == 0);
    }

    private static long awaitCount(List<String> argv, java.util.function.LongPredicate done)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long count = countRunning(argv);
        while (!done.test(count) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            count = countRunning(argv);
        }
        return count;
    }

    static long countRunning(List<String> argv) throws IOException {
        byte[] wanted = (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().matches("[0-9]+"))
                    .filter(p -> hasCommandLine(p, wanted))
                    .filter(HostProcesses::isNotZombie)
                    .count();
        }
    }

    private static boolean hasCommandLine(Path process, byte[] wanted) {
        try {
            return java.util.Arrays.equals(Files.readAllBytes(process.resolve("cmdline")), wanted);
        } catch (IOException e) {
            return false; // ended meanwhile
        }
    }

    private static boolean isNotZombie(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
