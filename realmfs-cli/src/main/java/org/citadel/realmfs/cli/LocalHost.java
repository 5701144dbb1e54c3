package org.citadel.realmfs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine this JVM runs on. */
final class LocalHost implements Host {
    private static final Path PROCESS_STATUS = Path.of("/proc/self/status");

    private final Path currentDirectory;

    /** In the process's working directory. */
    LocalHost() {
        this(Path.of("").toAbsolutePath());
    }

    /** As if started in {@code currentDirectory}, for running the command in a test directory. */
    LocalHost(Path currentDirectory) {
        this.currentDirectory = currentDirectory.toAbsolutePath();
    }

    @Override
    public Path currentDirectory() {
        return currentDirectory;
    }

    @Override
    public boolean isRoot() {
        return effectiveUserId() == 0;
    }

    @Override
    public boolean isTerminal() {
        return System.console() != null;
    }

    /** Reads the effective uid, the second field of the {@code Uid:} line (real, effective, saved, fs). */
    private static long effectiveUserId() {
        try {
            return Files.readAllLines(PROCESS_STATUS).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.substring("Uid:".length()).trim().split("\\s+")[1])
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Uid: line in " + PROCESS_STATUS));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + PROCESS_STATUS + " to find the user id", e);
        }
    }
}
