package org.citadel.realmfs.core.modules;

import java.util.function.Consumer;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.process.OutputTail;

/**
 * Where the lines modules print go: every line to the events as output (so to the log), the
 * {@code info}/{@code warn} helpers' lines also as messages, and the last lines kept for errors.
 * The stage is switchable because the build's one shell session outlives the package stage.
 * Bash names a module by the file it was sourced from, a chroot path the user never wrote
 * ({@code /tmp/realmfs-build/modules/NAME: line 2: ...}): that becomes {@code module NAME: line 2: ...}.
 */
final class ModuleOutput implements Consumer<String> {
    private static final String INFO = "realmfs:info: ";
    private static final String WARN = "realmfs:warn: ";

    private final EventDispatcher events;
    private volatile Stage stage = Stage.PRE_INSTALL_MODULES;
    private volatile OutputTail tail = new OutputTail();

    private final String moduleFilePrefix;

    ModuleOutput(EventDispatcher events, String buildDir) {
        this.events = events;
        this.moduleFilePrefix = buildDir + "/modules/";
    }

    String withModuleNames(String line) {
        int at = line.indexOf(moduleFilePrefix);
        if (at < 0) {
            return line;
        }
        int nameStart = at + moduleFilePrefix.length();
        int nameEnd = line.indexOf(':', nameStart);
        if (nameEnd < 0) {
            return line;
        }
        return line.substring(0, at) + "module " + line.substring(nameStart, nameEnd) + line.substring(nameEnd);
    }

    /** Starts collecting the lines of a new module. */
    OutputTail startModule(Stage stage) {
        this.stage = stage;
        this.tail = new OutputTail();
        return tail;
    }

    @Override
    public void accept(String printed) {
        String line = withModuleNames(printed);
        tail.accept(line);
        events.onEvent(new BuildEvent.CommandOutput(stage, line));
        if (line.startsWith(INFO)) {
            events.onEvent(new BuildEvent.Message(stage, line.substring(INFO.length())));
        } else if (line.startsWith(WARN)) {
            events.onEvent(new BuildEvent.Warning(stage, line.substring(WARN.length())));
        }
    }
}
