package org.citadel.realmfs.core.stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.download.PackageDownload;

/**
 * Tells which package files in a build's archives directory are exactly the files the signed index
 * of the build's mirror names (file name, size and SHA-256), so that nothing a module planted there,
 * or fetched from a source of its own, reaches the package cache other builds use.
 *
 * <p>Only files of installed packages are candidates (apt downloads what it installs). apt is asked
 * for their download entries as {@link PackagePrefetch} asks it ({@code --print-uris}), pointed at an
 * archives directory that does not exist, so that it names every file, cached or not, and with
 * {@code Acquire::ForceHash=SHA256} so that it names the SHA-256 of each. An entry counts only if its
 * URI lies under the build's mirror; files from other sources are never published. A file the
 * prefetch already had apt name (with its SHA-256) is checked against that entry, without asking again.
 */
final class PackageIndexCheck {
    private static final String NO_ARCHIVES = "/nonexistent/realmfs-index-check/";

    /** @param refused one line per file not verified: its name and why */
    record Result(List<Path> verified, List<String> refused) {
        Result {
            verified = List.copyOf(verified);
            refused = List.copyOf(refused);
        }
    }

    private PackageIndexCheck() {
    }

    /**
     * @param stage   the stage apt's lines are reported in
     * @param indexed entries apt already named for this build (by the prefetch): a file one of them
     *                names is checked against it, without asking apt
     */
    static Result check(StageContext context, Stage stage, List<Path> files, List<PackageDownload> indexed) {
        List<Path> verified = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        String mirror = withSlash(context.mirror().toString());
        Map<String, PackageDownload> known = new HashMap<>();
        indexed.forEach(entry -> known.put(entry.fileName(), entry));
        List<Path> unknown = new ArrayList<>();
        for (Path file : files) {
            PackageDownload entry = known.get(file.getFileName().toString());
            if (entry == null || !entry.hashAlgorithm().equals("SHA-256")) {
                unknown.add(file);
            } else {
                verify(file, entry, mirror, verified, refused);
            }
        }
        if (unknown.isEmpty()) {
            return new Result(verified, refused);
        }
        Map<String, String> installedByFileName = installedPackagesByFileName(context, stage);
        Set<String> packages = new LinkedHashSet<>();
        List<Path> candidates = new ArrayList<>();
        for (Path file : unknown) {
            String name = installedByFileName.get(file.getFileName().toString());
            if (name == null) {
                refused.add(file.getFileName() + ": not the file of an installed package");
            } else {
                packages.add(name);
                candidates.add(file);
            }
        }
        if (candidates.isEmpty()) {
            return new Result(verified, refused);
        }
        Map<String, PackageDownload> named = new HashMap<>();
        boolean keepBinaryCaches = Files.exists(context.rootfs().resolve("var/cache/apt/pkgcache.bin"),
                LinkOption.NOFOLLOW_LINKS);
        BuildCommands.Captured printed = context.commands().capture(stage,
                context.commands().chroot(printUris(packages, keepBinaryCaches)));
        printed.lines().forEach(line -> PackageDownload.parse(line).ifPresent(d -> named.put(d.fileName(), d)));
        int exit = printed.exitCode();
        if (exit != 0) {
            candidates.forEach(file -> refused.add(file.getFileName()
                    + ": apt could not name its download (apt-get --print-uris exited with " + exit + ")"));
            return new Result(verified, refused);
        }
        for (Path file : candidates) {
            PackageDownload entry = named.get(file.getFileName().toString());
            if (entry == null) {
                refused.add(file.getFileName() + ": the index names no such file");
            } else {
                verify(file, entry, mirror, verified, refused);
            }
        }
        return new Result(verified, refused);
    }

    private static void verify(Path file, PackageDownload entry, String mirror, List<Path> verified, List<String> refused) {
        String why = !entry.uri().toString().startsWith(mirror) ? "not a file of the build's mirror " + mirror
                : !entry.hashAlgorithm().equals("SHA-256") ? "the index gives no SHA-256 for it"
                : !isContent(entry, file) ? "its size or SHA-256 is not what the index names"
                : null;
        if (why == null) {
            verified.add(file);
        } else {
            refused.add(file.getFileName() + ": " + why);
        }
    }

    /**
     * @param useBinaryCaches whether apt may use (and update) its binary caches: yes while they are
     *                        there (reading the indexes without them takes seconds); no once the
     *                        finishing stage removed them, so that they do not come back
     */
    static List<String> printUris(Set<String> packages, boolean useBinaryCaches) {
        List<String> argv = new ArrayList<>(List.of("apt-get", "install", "--reinstall", "--print-uris", "-qq", "-y",
                "-o", "Dir::Cache::Archives=" + NO_ARCHIVES, "-o", "Acquire::ForceHash=SHA256"));
        if (!useBinaryCaches) {
            argv.addAll(List.of("-o", "Dir::Cache::pkgcache=", "-o", "Dir::Cache::srcpkgcache="));
        }
        argv.add("--");
        argv.addAll(packages);
        return argv;
    }

    /** The archive file name apt gives each installed package's file (an epoch's ':' is written %3a). */
    private static Map<String, String> installedPackagesByFileName(StageContext context, Stage stage) {
        Map<String, String> byFileName = new HashMap<>();
        for (String line : context.commands().capture(stage, context.commands().chroot(List.of("dpkg-query", "-W",
                "-f=${binary:Package}\\t${Package}\\t${Version}\\t${Architecture}\\n"))).lines()) {
            String[] fields = line.split("\t");
            if (fields.length == 4 && !fields[2].isEmpty()) {
                byFileName.put(fields[1] + "_" + fields[2].replace(":", "%3a") + "_" + fields[3] + ".deb", fields[0]);
            }
        }
        return byFileName;
    }

    private static boolean isContent(PackageDownload entry, Path file) {
        try {
            return entry.isContentOf(file);
        } catch (IOException e) {
            return false;
        }
    }

    private static String withSlash(String uri) {
        return uri.endsWith("/") ? uri : uri + "/";
    }
}
