package org.citadel.realmfs.core.benchmark;

import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.figures;
import static org.citadel.realmfs.core.benchmark.BenchmarkTiming.median;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citadel.realmfs.core.cache.LayerKey;
import org.citadel.realmfs.core.cache.LayerKind;
import org.citadel.realmfs.core.cache.LayerNotes;
import org.citadel.realmfs.core.cache.LayerStore;
import org.citadel.realmfs.core.cache.LayerTar;
import org.citadel.realmfs.core.output.tar.RootfsTarReader;
import org.citadel.realmfs.core.output.tar.TarWriteListener;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * What storing a layer costs, in its parts, against what a snapshot of the tree would cost: the
 * figures behind "what storing costs a cold build" in docs/layer-cache.md. Restores a stored layer's
 * tar into a tmpfs, then, in alternation for a number of rounds: (s) a store ({@code LayerStore.add});
 * (t) writing its tar, the part that reads the tree; (c) checksumming the written tar, the largest part
 * that needs only the tar; (p) {@code cp -a} of the tree on the same tmpfs, what a snapshot to
 * archive in the background would cost. Not a test: run it as root, with exec:exec as bin/benchmark does.
 *
 * <p>Arguments: a layer's tar (a stored {@code layer.tar}), a scratch directory on the disk of the
 * layer cache, a directory on a tmpfs with room for two copies of the tree, the number of rounds
 * (default 5).
 */
public final class LayerStoreBenchmark {
    public static void main(String[] args) throws Exception {
        Path layerTar = Path.of(args[0]);
        Path scratch = Files.createDirectories(Path.of(args[1]));
        Path tmpfs = Path.of(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path tree = Files.createDirectories(tmpfs.resolve("tree"));
        new RootfsTarReader().restore(layerTar, tree);
        Files.createDirectories(scratch.resolve("logs"));
        LayerStore store = LayerStore.open(scratch.resolve("layer-cache"));
        List<Double> sync = new ArrayList<>();
        List<Double> tarWrite = new ArrayList<>();
        List<Double> checksum = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        Path tar = scratch.resolve("layer.tar");
        for (int round = 1; round <= rounds; round++) {
            store.clear();
            LayerKey key = new LayerKey(LayerKind.BOOTSTRAP, List.of("round: " + round));
            long start = System.nanoTime();
            store.add(key, LayerNotes.NONE, tarFile -> LayerTar.write(tree, tarFile));
            sync.add(since(start));
            store.clear();
            start = System.nanoTime();
            long entries = LayerTar.writeTree(tree, tar, TarWriteListener.IGNORE);
            tarWrite.add(since(start));
            start = System.nanoTime();
            LayerTar.checksum(tar, entries);
            checksum.add(since(start));
            Files.delete(tar);
            Path snapshot = tmpfs.resolve("snapshot");
            start = System.nanoTime();
            BenchmarkScratch.run(scratch, "cp", List.of("cp", "-a", tree.toString(), snapshot.toString()), Map.of());
            copy.add(since(start));
            TreeRemover.removeTree(snapshot);
            System.out.printf("round %d: store %.2f s, tar %.2f s, checksum %.2f s, cp -a %.2f s%n", round,
                    sync.get(round - 1), tarWrite.get(round - 1), checksum.get(round - 1), copy.get(round - 1));
        }
        TreeRemover.removeTree(tree);
        System.out.printf("medians of %d rounds (each round's figures in brackets), %d MiB layer%n", rounds,
                Files.size(layerTar) >> 20);
        System.out.printf("(s) synchronous store                   %5.2f s  %s%n", median(sync), figures(sync));
        System.out.printf("(t) writing the tar (reads the tree)     %5.2f s  %s%n", median(tarWrite), figures(tarWrite));
        System.out.printf("(c) checksumming it (needs only the tar) %5.2f s  %s%n", median(checksum), figures(checksum));
        System.out.printf("(p) cp -a snapshot on tmpfs             %5.2f s  %s%n", median(copy), figures(copy));
        System.out.printf("(p)/(t) = %.2f  (a snapshot saves the critical path something only below 1)%n",
                median(copy) / median(tarWrite));
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
