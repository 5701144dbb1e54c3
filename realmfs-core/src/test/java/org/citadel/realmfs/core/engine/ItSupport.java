package org.citadel.realmfs.core.engine;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.core.linux.MountTable;

/** What the integration tests share: one package cache for all real builds, and checks that nothing is left. */
final class ItSupport {
    static final Path PACKAGE_CACHE = Path.of(System.getProperty("java.io.tmpdir"), "realmfs-it-package-cache");

    private ItSupport() {
    }

    static BuildOptions.Builder options() {
        return BuildOptions.builder().packageCacheDirectory(PACKAGE_CACHE);
    }

    /** Mount points of the whole JVM's (host) namespace that lie in {@code directory}. */
    static List<Path> hostMountsIn(Path directory) {
        return MountTable.ofProcess().atOrBelowMostRecentFirst(directory).stream()
                .map(MountTable.MountEntry::mountPoint).toList();
    }

    /** The temporary outputs ({@code .NAME.RANDOM.partial}) anywhere below {@code directory}; none if it is missing. */
    static List<Path> partialFilesBelow(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.getFileName().toString().matches("\\..*\\.partial")).toList();
        }
    }

    /** A process's command line, for messages; "(ended)" once it is gone. */
    static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "(ended)";
        }
    }

    /** The processes that still run after up to 10 s (a killed process may take a moment to be reaped). */
    static List<ProcessHandle> awaitGone(List<ProcessHandle> processes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            alive = alive.stream().filter(ProcessHandle::isAlive).toList();
        }
        return alive;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content of the regular file at {@code path} in the tar (names with or without "./"). */
    static Optional<String> fileInTar(Path tar, String path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
             TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            List<String> names = List.of(path, "./" + path, "/" + path);
            for (TarArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
                if (names.contains(e.getName())) {
                    return Optional.of(e.isSymbolicLink() ? "-> " + e.getLinkName()
                            : new String(archive.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }
}
