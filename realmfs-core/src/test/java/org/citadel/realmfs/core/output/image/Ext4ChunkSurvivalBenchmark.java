package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.citadel.realmfs.core.rootfs.TreeDigest;

/**
 * Not a test: how many 24 MiB payload chunks ({@link Ext4ChunkSurvival}) survive typical
 * post-install changes with today's {@link Ext4ImageWriter} ({@code mkfs.ext4 -d} of the final
 * tree) and with {@link Ext4DeltaWriter} (the base's image changed into the final tree). The base
 * (the package layer's tree) is a copy of {@code tree}; the changes: (a) a post module writes one
 * new config file in /etc, (b) one changes an existing file's content, (c) a package is added
 * (the {@code .deb}'s files unpacked into the base, and a line of dpkg's status changed).
 * Run as root: {@code java -cp <test and main classes and dependencies>
 * ...Ext4ChunkSurvivalBenchmark TREE WORKDIR DEB}.
 */
public final class Ext4ChunkSurvivalBenchmark {
    private static final Instant EPOCH = Instant.parse("2025-05-17T12:34:56Z");

    private Ext4ChunkSurvivalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        Path deb = Path.of(args[2]);
        try (RecordedCommands commands = RecordedCommands.onHost(work)) {
            Path base = copy(tree, work.resolve("base"));
            Path added = copy(base, work.resolve("a-added"));
            Files.writeString(added.resolve("etc/realm-extra.conf"), "answer=42\n");
            Path edited = copy(base, work.resolve("b-edited"));
            Files.writeString(edited.resolve("etc/bash.bashrc"), "# changed by a post module\n",
                    StandardOpenOption.APPEND);
            Path withPackage = copy(base, work.resolve("c-package"));
            HostTool.run("dpkg-deb", "-x", deb.toString(), withPackage.toString());
            Files.writeString(withPackage.resolve("var/lib/dpkg/status"), "\nPackage: added-by-the-benchmark\n",
                    StandardOpenOption.APPEND);

            Ext4ImageWriter full = new Ext4ImageWriter(commands.commands());
            Ext4DeltaWriter delta = new Ext4DeltaWriter(commands.commands());
            Ext4Size size = Ext4Size.fitContent();
            System.out.printf("tree %s, %d MiB of files%n", tree, RootfsFootprint.measure(base).contentBytes() >> 20);

            Timed fullBase = timed(() -> full.write(base, size, fixed(base), work.resolve("full-base.ext4")).path());
            Timed deltaBase = timed(() -> delta.write(base, base, size, EPOCH, work.resolve("delta-base.ext4")).path());
            for (Path changed : new Path[] {added, edited, withPackage}) {
                String name = changed.getFileName().toString();
                Timed fullChanged = timed(() -> full.write(changed, size, fixed(changed),
                        work.resolve("full-" + name + ".ext4")).path());
                // (c) changes the package layer itself: its base is the new tree
                Path changedBase = changed == withPackage ? withPackage : base;
                Timed deltaChanged = timed(() -> delta.write(changedBase, changed, size, EPOCH,
                        work.resolve("delta-" + name + ".ext4")).path());
                System.out.printf("%-10s today: %s (%.1f s)   delta: %s (%.1f s)%n", name,
                        Ext4ChunkSurvival.of(fullBase.image(), fullChanged.image()), fullChanged.seconds(),
                        Ext4ChunkSurvival.of(deltaBase.image(), deltaChanged.image()), deltaChanged.seconds());
                if (changed == withPackage) {
                    Timed keptBase = timed(() -> delta.write(base, changed, size, EPOCH,
                            work.resolve("delta-kept-base.ext4")).path());
                    System.out.printf("%-10s delta from the old base: %s (%.1f s)%n", name,
                            Ext4ChunkSurvival.of(deltaBase.image(), keptBase.image()), keptBase.seconds());
                }
            }
            System.out.printf("base image: today %.1f s, delta (mkfs of the base + empty delta) %.1f s%n",
                    fullBase.seconds(), deltaBase.seconds());
        }
    }

    private static Ext4Reproducibility fixed(Path tree) {
        return Ext4Reproducibility.derivedFrom(TreeDigest.of(tree), EPOCH);
    }

    private static Path copy(Path from, Path to) {
        HostTool.run("rm", "-rf", to.toString());
        HostTool.run("cp", "-a", from.toString(), to.toString());
        return to;
    }

    private record Timed(Path image, double seconds) {
    }

    private interface Write {
        Path run() throws IOException;
    }

    private static Timed timed(Write write) throws IOException {
        long start = System.nanoTime();
        Path image = write.run();
        return new Timed(image, (System.nanoTime() - start) / 1e9);
    }
}
