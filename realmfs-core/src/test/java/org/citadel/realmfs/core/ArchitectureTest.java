package org.citadel.realmfs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of realmfs-core as the README's Architecture section draws them: a package imports
 * only packages of the layers below its own, so no arrow runs up and no cycle can form. Read from
 * the {@code import org.citadel.realmfs.core.X} lines of src/main (a subpackage such as
 * {@code output.image} counts as its package).
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/org/citadel/realmfs/core");
    private static final Path README = Path.of("../README.md");
    private static final Path API_SOURCES = Path.of("../realmfs-api/src/main/java");
    private static final String LAYERS_MARKER = "<!-- layers, bottom to top: checked by ArchitectureTest -->";
    private static final Pattern CORE_IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?org\\.citadel\\.realmfs\\.core\\.([a-z0-9_]+)\\.", Pattern.MULTILINE);

    private static Map<String, Integer> layerOf;
    private static Map<String, Map<String, Set<String>>> imports;

    @BeforeAll
    static void readTheReadmeAndTheSources() throws IOException {
        layerOf = layers(Files.readString(README));
        imports = importsByPackage(SOURCES);
    }

    @Test
    void the_readme_places_every_package_of_core_in_one_layer_and_names_no_other() {
        assertThat(layerOf.keySet()).as("packages in the README's layer diagram (add a new package there)")
                .containsExactlyInAnyOrderElementsOf(imports.keySet());
    }

    @Test
    void no_package_imports_one_of_its_own_layer_or_above() {
        List<String> upward = new ArrayList<>();
        imports.forEach((from, targets) -> targets.forEach((to, files) -> {
            Integer own = layerOf.get(from);
            Integer target = layerOf.get(to);
            if (own != null && target != null && target >= own) {
                upward.add(from + " (layer " + own + ") imports " + to + " (layer " + target + ") in " + files);
            }
        }));
        assertThat(upward).as("imports that do not point to a lower layer").isEmpty();
    }

    @Test
    void the_packages_import_each_other_without_a_cycle() {
        assertThat(cycle(dependencies(imports))).as("a cycle of imports").isEmpty();
    }

    @Test
    void the_api_imports_the_jdk_and_itself_only() throws IOException {
        Pattern anyImport = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> files = Files.walk(API_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = anyImport.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).startsWith("java.") && !m.group(1).startsWith("org.citadel.realmfs.api.")) {
                        foreign.add(API_SOURCES.relativize(file) + " imports " + m.group(1));
                    }
                }
            }
        }
        assertThat(foreign).as("realmfs-api is what embedders see: JDK only").isEmpty();
    }

    @Test
    void the_cycle_check_finds_a_cycle_and_names_its_packages() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertThat(cycle(graph)).containsExactly("a", "b", "c", "a");
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    @Test
    void the_layer_reader_takes_a_layer_per_line_bottom_first() {
        String readme = "text\n" + LAYERS_MARKER + "\n```text\n1  linux, events   # the bottom\n2  process\n```\n3 x\n";
        assertThat(layers(readme)).containsExactly(Map.entry("linux", 1), Map.entry("events", 1), Map.entry("process", 2));
    }

    /** Package to layer number, from the fenced block after the README's marker. */
    static Map<String, Integer> layers(String readme) {
        int marker = readme.indexOf(LAYERS_MARKER);
        assertThat(marker).as("the README's layer diagram, after the line " + LAYERS_MARKER).isNotNegative();
        List<String> lines = readme.substring(marker + LAYERS_MARKER.length()).lines().skip(1).toList();
        assertThat(lines).as("a fenced block right after the marker").isNotEmpty();
        assertThat(lines.get(0)).startsWith("```");
        Map<String, Integer> layers = new LinkedHashMap<>();
        Pattern layerLine = Pattern.compile("^\\s*(\\d+)\\s+([^#]+)");
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("```")) {
                return layers;
            }
            Matcher m = layerLine.matcher(line);
            if (m.find()) {
                for (String name : m.group(2).split("[,\\s]+")) {
                    if (!name.isBlank()) {
                        Integer before = layers.put(name, Integer.parseInt(m.group(1)));
                        assertThat(before).as(name + " is in one layer only").isNull();
                    }
                }
            }
        }
        throw new AssertionError("The README's layer diagram has no closing ```");
    }

    /** Package to (imported package to the files that import it), packages without core imports included. */
    private static Map<String, Map<String, Set<String>>> importsByPackage(Path sources) throws IOException {
        Map<String, Map<String, Set<String>>> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = sources.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // a class directly in core belongs to no layer; there is none
                }
                String own = relative.getName(0).toString();
                Map<String, Set<String>> targets = result.computeIfAbsent(own, p -> new TreeMap<>());
                Matcher m = CORE_IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(own)) {
                        targets.computeIfAbsent(m.group(1), p -> new TreeSet<>()).add(relative.toString());
                    }
                }
            }
        }
        return result;
    }

    private static Map<String, Set<String>> dependencies(Map<String, Map<String, Set<String>>> imports) {
        Map<String, Set<String>> graph = new TreeMap<>();
        imports.forEach((from, targets) -> graph.put(from, new TreeSet<>(targets.keySet())));
        return graph;
    }

    /** The first cycle found (its packages, the first repeated at the end), or an empty list. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> found = cycleFrom(start, graph, new ArrayList<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> cycleFrom(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(node);
            return cycle;
        }
        if (done.contains(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            List<String> found = cycleFrom(next, graph, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        done.add(node);
        return List.of();
    }
}
