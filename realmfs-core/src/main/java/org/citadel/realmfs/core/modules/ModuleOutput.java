package org.citadel.realmfs.core.modules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.commands.LineReport;
import org.citadel.realmfs.core.events.EventDispatcher;
import org.citadel.realmfs.core.process.OutputTail;

/**
 * How the lines modules print are reported ({@link BuildCommands} sends each to the events as
 * output, so to the log): the {@code info}/{@code warn} helpers' lines also as messages, and the
 * last lines kept for errors.
 * The stage is switchable because the build's one shell session outlives the package stage.
 * Bash names a module by the file it was sourced from, a chroot path the user never wrote
 * ({@code /tmp/realmfs-build/modules/NAME: line 2: ...}, or a modules directory's mount point for a
 * module {@code module NAME} found): that becomes {@code module NAME: line 2: ...}.
 */
final class ModuleOutput implements LineReport {
    private static final String INFO = "realmfs:info: ";
    private static final String WARN = "realmfs:warn: ";

    private final EventDispatcher events;
    private volatile Stage stage = Stage.PRE_INSTALL_MODULES;
    private volatile OutputTail tail = new OutputTail();

    /** Bash's name of a sourced module file: one of the recipe's modules, or one found by {@code module NAME}. */
    private final Pattern moduleFile;

    ModuleOutput(EventDispatcher events, String buildDir) {
        this.events = events;
        this.moduleFile = Pattern.compile(Pattern.quote(buildDir)
                + "(?:/modules|" + Pattern.quote(ShellRuntime.MODULE_PATH) + "[^/:]+)/([^/:]+):");
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public String reword(String printed) {
        return withModuleNames(printed);
    }

    String withModuleNames(String line) {
        Matcher file = moduleFile.matcher(line);
        return file.find() ? line.substring(0, file.start()) + "module " + file.group(1) + ":" + line.substring(file.end())
                : line;
    }

    /** Starts collecting the lines of a new module. */
    OutputTail startModule(Stage stage) {
        this.stage = stage;
        this.tail = new OutputTail();
        return tail;
    }

    @Override
    public void reported(String line) {
        tail.accept(line);
        if (line.startsWith(INFO)) {
            events.onEvent(new BuildEvent.Message(stage, line.substring(INFO.length())));
        } else if (line.startsWith(WARN)) {
            events.onEvent(new BuildEvent.Warning(stage, line.substring(WARN.length())));
        }
    }
}
