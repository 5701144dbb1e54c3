package org.citadel.realmfs.core.stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.core.io.ClasspathResource;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.rootfs.TreeRemover;

/**
 * The {@code DEBOOTSTRAP_DIR} of one debootstrap run: the host's {@code scripts} (a symlink) and a copy
 * of its {@code functions} in which the package-index queries are answered from the package cache when
 * an earlier run asked the same of the same index ({@code pkgdetails-memo.sh}): debootstrap resolves
 * dependencies by scanning the whole Packages file with grep and perl, twice per round, about 14 s of a
 * trixie minbase bootstrap on a 2-core machine. The queries' answers, and so the tree, are the ones the
 * host's own code gives; only where they come from changes. Nothing of it reaches the rootfs
 * (debootstrap copies its functions into the target only for a two-stage bootstrap, and removes them).
 *
 * <p>When the host's functions do not define {@code pkgdetails_perl} exactly once as this expects, there
 * is none ({@link #none}) and debootstrap runs as installed. Closing removes the directory.
 */
final class DebootstrapDirectory implements AutoCloseable {
    static final Path HOST = Path.of("/usr/share/debootstrap");
    private static final Pattern DEFINITION = Pattern.compile("(?m)^(\\s*)pkgdetails_perl \\(\\) \\{$");

    private final Optional<Path> directory;

    private DebootstrapDirectory(Optional<Path> directory) {
        this.directory = directory;
    }

    /** None: debootstrap runs with its own directory. */
    static DebootstrapDirectory none() {
        return new DebootstrapDirectory(Optional.empty());
    }

    /**
     * A directory for one run answering queries from {@code indexes} (the package cache's index
     * directory), made at {@code directory} (what a killed build left there is removed first); {@link #none}
     * when the host's debootstrap is not as expected.
     */
    static DebootstrapDirectory create(Path host, Path indexes, Path directory) {
        Optional<String> functions = memoizing(HostFiles.readString("read debootstrap's functions", host.resolve("functions")),
                indexes);
        if (functions.isEmpty()) {
            return none();
        }
        TreeRemover.removeTree(directory);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("functions"), functions.get(), StandardCharsets.UTF_8);
            Files.createSymbolicLink(directory.resolve("scripts"), host.resolve("scripts"));
            return new DebootstrapDirectory(Optional.of(directory));
        } catch (IOException e) {
            TreeRemover.removeTree(directory);
            throw HostFiles.ioFailure("write debootstrap's directory for this build", directory, e);
        }
    }

    /**
     * The host's functions with {@code pkgdetails_perl} renamed {@code realmfs_pkgdetails_perl}, then the
     * memoizing {@code pkgdetails_perl} and where it keeps answers; empty unless it is defined once.
     */
    static Optional<String> memoizing(String hostFunctions, Path indexes) {
        Matcher definition = DEFINITION.matcher(hostFunctions);
        if (!definition.find()) {
            return Optional.empty();
        }
        int start = definition.start();
        int end = definition.end();
        String renamed = definition.group(1) + "realmfs_pkgdetails_perl () {";
        if (definition.find()) {
            return Optional.empty();
        }
        return Optional.of(hostFunctions.substring(0, start) + renamed + hostFunctions.substring(end)
                + "\nREALMFS_INDEXES=" + "'" + indexes.toString().replace("'", "'\\''") + "'" + "\n"
                + ClasspathResource.text(DebootstrapDirectory.class, "pkgdetails-memo.sh"));
    }

    /** The environment debootstrap gets to use this directory (the copy takes it out of its children's). */
    Map<String, String> environment() {
        return directory.map(d -> Map.of("DEBOOTSTRAP_DIR", d.toString())).orElse(Map.of());
    }

    Optional<Path> path() {
        return directory;
    }

    /** How debootstrap's keepable queries were answered so far: from the package cache, or by the index itself. */
    record Answers(int cached, int asked) {
    }

    Answers answers() {
        if (directory.isEmpty() || !Files.exists(directory.get().resolve("queries"))) {
            return new Answers(0, 0);
        }
        List<String> lines = HostFiles.readString("read debootstrap's query count", directory.get().resolve("queries"))
                .lines().toList();
        int cached = (int) lines.stream().filter("cached"::equals).count();
        return new Answers(cached, lines.size() - cached);
    }

    @Override
    public void close() {
        directory.ifPresent(TreeRemover::removeTree);
    }
}
