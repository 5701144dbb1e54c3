package org.citadel.realmfs.core.output.image.verity;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;
import org.citadel.realmfs.core.output.image.HostTool;

/**
 * Not a test: hashes one 1 GiB file of random data with {@code veritysetup format} and with
 * {@link VerityHashTree}, alternately, checks that they agree, and prints the best times and the ratio.
 * Run: {@code java -cp <test and main classes> ...VerityBenchmark [directory] [MiB] [rounds]}.
 */
public final class VerityBenchmark {
    private static final String SALT = "0123456789abcdef".repeat(4);
    private static final UUID UUID_ = UUID.fromString("00000000-0000-4000-8000-000000000001");

    private VerityBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : "/tmp"), "verity-bench-");
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path data = dir.resolve("data");
        Path toolHashes = dir.resolve("tool.hash");
        Path javaHashes = dir.resolve("java.hash");
        try {
            writeRandom(data, mib * 1024 * 1024);
            long bestTool = Long.MAX_VALUE;
            long bestJava = Long.MAX_VALUE;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                HostTool.run("veritysetup", "format", "--salt=" + SALT, "--uuid=" + UUID_, data.toString(),
                        toolHashes.toString());
                bestTool = Math.min(bestTool, System.nanoTime() - start);
                start = System.nanoTime();
                VerityHashTree.create().compute(data, VerityParameters.of(HexFormat.of().parseHex(SALT), UUID_),
                        javaHashes);
                bestJava = Math.min(bestJava, System.nanoTime() - start);
                Files.delete(toolHashes);
            }
            HostTool.run("veritysetup", "format", "--salt=" + SALT, "--uuid=" + UUID_, data.toString(),
                    toolHashes.toString());
            boolean identical = Files.mismatch(toolHashes, javaHashes) == -1;
            System.out.printf("data %d MiB, %d processors, best of %d rounds%n", mib,
                    Runtime.getRuntime().availableProcessors(), rounds);
            System.out.printf("veritysetup format: %8.3f s (%.0f MiB/s)%n", bestTool / 1e9, mib / (bestTool / 1e9));
            System.out.printf("Java VerityHashTree: %7.3f s (%.0f MiB/s)%n", bestJava / 1e9, mib / (bestJava / 1e9));
            System.out.printf("ratio java/veritysetup: %.2f; hash files identical: %s%n",
                    (double) bestJava / bestTool, identical);
        } finally {
            for (Path file : new Path[] {data, toolHashes, javaHashes, dir}) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void writeRandom(Path file, long bytes) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long value = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        chunk[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - written));
            }
        }
    }
}
