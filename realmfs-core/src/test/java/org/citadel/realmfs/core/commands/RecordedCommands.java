package org.citadel.realmfs.core.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.core.events.BuildLog;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.process.Spawner;

/**
 * {@link BuildCommands} for a test: the events they report kept in a list, and a build log in a
 * directory of the test's; closing it closes the log (and the host spawner, if it made one).
 */
public final class RecordedCommands implements AutoCloseable {
    private final Spawner spawner;
    private final BuildLog log;
    private final List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final EventDispatcher dispatcher;
    private final BuildCommands commands;

    private RecordedCommands(Spawner spawner, Processes processes, Path logDirectory, Path rootfs) {
        this.spawner = spawner;
        this.log = new BuildLog(logDirectory.resolve(BuildLog.FILE_NAME));
        this.dispatcher = new EventDispatcher(log, List.of(events::add));
        this.commands = new BuildCommands(processes, dispatcher, rootfs);
    }

    /** Commands a host spawner runs (none can be chrooted). */
    public static RecordedCommands onHost(Path logDirectory) {
        return onHost(logDirectory, logDirectory.resolve("no-rootfs"));
    }

    /** Commands a host spawner runs, for a build of {@code rootfs} (none can be chrooted). */
    public static RecordedCommands onHost(Path logDirectory, Path rootfs) {
        Spawner spawner = Spawner.host();
        return new RecordedCommands(spawner, Processes.spawnedBy(spawner), logDirectory, rootfs);
    }

    /** Commands {@code processes} runs, chrooted ones into {@code rootfs}. */
    public static RecordedCommands of(Processes processes, Path logDirectory, Path rootfs) {
        return new RecordedCommands(null, processes, logDirectory, rootfs);
    }

    public BuildCommands commands() {
        return commands;
    }

    public EventDispatcher dispatcher() {
        return dispatcher;
    }

    public List<BuildEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The lines the build log has so far. */
    public List<String> logLines() throws IOException {
        return Files.readAllLines(log.file());
    }

    @Override
    public void close() {
        try (Spawner s = spawner) {
            log.close();
        }
    }
}
