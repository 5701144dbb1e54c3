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
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.core.linux.MountTable;

/** What the integration tests share: one package cache for all real builds, and mount checks. */
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
