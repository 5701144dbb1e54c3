package org.citadel.realmfs.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * bin/check-reproducible: builds a recipe cold twice (once storing its layers in an empty layer
 * cache, once without a layer cache, in other work directories), then from both cached layers, then
 * from the bootstrap layer alone, and prints the SHA-256 of every output of each build in a table.
 * Exits 1 if any differs, after diffoscope's summary of each difference.
 * Usage: {@code ReproducibilityCheck SCRATCH_DIR [build.conf]}; without a build.conf, the recipe of
 * ReproducibleBuildIT. The SOURCE_DATE_EPOCH is the environment's, else the release's date.
 */
public final class ReproducibilityCheck {
    private ReproducibilityCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ReproducibilityCheck SCRATCH_DIR [build.conf]");
            System.exit(2);
        }
        Path scratch = Path.of(args[0]).toAbsolutePath();
        TreeRemover.removeTree(scratch);
        Files.createDirectories(scratch);
        RealmfsBuild recipe = args.length == 2 ? RealmfsBuild.fromShellConfig(Path.of(args[1]).toAbsolutePath())
                : ReproducibilityRecipe.recipe(scratch.resolve("files"));
        Path layers = scratch.resolve("layers");
        BuildOptions shared = BuildOptions.builder().packageCacheDirectory(scratch.resolve("package-cache")).build();

        Map<String, OutputDigests> builds = new LinkedHashMap<>();
        builds.put("cold", build(recipe, scratch, "cold", shared.toBuilder().layerCacheDirectory(layers)));
        builds.put("cold, no cache", build(recipe, scratch, "cold-no-cache", shared.toBuilder().useLayerCache(false)));
        builds.put("both layers", build(recipe, scratch, "both-layers", shared.toBuilder().layerCacheDirectory(layers)));
        try (var packageLayers = Files.newDirectoryStream(layers.resolve("layers"), "package-*")) {
            for (Path layer : packageLayers) {
                TreeRemover.removeTree(layer);
            }
        }
        builds.put("bootstrap layer", build(recipe, scratch, "bootstrap-layer",
                shared.toBuilder().layerCacheDirectory(layers)));

        List<String> differences = new ArrayList<>();
        System.out.println(table(builds));
        OutputDigests cold = builds.get("cold");
        for (OutputDigests other : builds.values()) {
            if (other != cold) {
                differences.addAll(cold.differencesFrom(other));
            }
        }
        if (!differences.isEmpty()) {
            differences.forEach(System.out::println);
            System.exit(1);
        }
        System.out.println("every output is the same in all " + builds.size() + " builds");
    }

    private static OutputDigests build(RealmfsBuild recipe, Path scratch, String name, BuildOptions.Builder options)
            throws IOException {
        System.out.println("building: " + name);
        OutputDigests digests = ReproducibilityRecipe.build(recipe, scratch, name, options, true, Optional.empty());
        System.out.println("  layers: bootstrap " + digests.layers().bootstrap() + ", packages " + digests.layers().packages());
        return digests;
    }

    /** One row per output file: its digest (12 hex digits) in each build, and whether all are the same. */
    static String table(Map<String, OutputDigests> builds) {
        TreeSet<String> names = new TreeSet<>();
        builds.values().forEach(build -> names.addAll(build.digests().keySet()));
        int nameWidth = Math.max(6, names.stream().mapToInt(String::length).max().orElse(6));
        StringBuilder out = new StringBuilder(String.format("%-" + nameWidth + "s", "output"));
        builds.keySet().forEach(build -> out.append(String.format("  %-15s", build)));
        out.append("  same\n");
        for (String name : names) {
            out.append(String.format("%-" + nameWidth + "s", name));
            TreeSet<String> distinct = new TreeSet<>();
            for (OutputDigests build : builds.values()) {
                String digest = build.digests().getOrDefault(name, "(missing)");
                distinct.add(digest);
                out.append(String.format("  %-15s", digest.length() > 12 ? digest.substring(0, 12) : digest));
            }
            out.append(distinct.size() == 1 ? "  yes" : "  NO").append('\n');
        }
        return out.toString();
    }
}
