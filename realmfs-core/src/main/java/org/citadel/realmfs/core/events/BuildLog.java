package org.citadel.realmfs.core.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildListener;
import org.citadel.realmfs.core.io.HostFiles;

/** The build's log file: every event and every line of command output, as realmfs-build.log was, written as it comes. */
public final class BuildLog implements BuildListener, AutoCloseable {
    public static final String FILE_NAME = "realmfs-build.log";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Path file;
    private final BufferedWriter writer;

    public BuildLog(Path file) {
        this.file = file;
        try {
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw HostFiles.ioFailure("create the build log", file, e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void onEvent(BuildEvent event) {
        if (event instanceof BuildEvent.Progress) {
            return;
        }
        String line = event instanceof BuildEvent.CommandOutput out
                ? out.line()
                : "[" + LocalTime.now().format(TIME) + "] " + EventText.describe(event);
        try {
            writer.write(line);
            writer.newLine();
            // line by line, so that tail -f keeps up and a killed build's log keeps its last lines
            writer.flush();
        } catch (IOException e) {
            throw HostFiles.ioFailure("write the build log", file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw HostFiles.ioFailure("close the build log", file, e);
        }
    }
}
