package org.citadel.realmfs.core.commands;

import java.util.function.Consumer;
import org.citadel.realmfs.api.Stage;

/**
 * How {@link BuildCommands} reports the lines a command prints: in which stage, worded how, and who
 * reads each line after it went to the events. Called on the output thread, line by line.
 */
public interface LineReport {

    /** The stage the next line is reported in (asked per line: the modules' shell outlives a stage). */
    Stage stage();

    /** The line as it is reported; the line as printed unless a report rewords it. */
    default String reword(String printed) {
        return printed;
    }

    /** Told each line once it was reported, as reworded. */
    default void reported(String line) {
    }

    /** Each line reported in {@code stage}, as printed. */
    static LineReport in(Stage stage) {
        return () -> stage;
    }

    /** Each line reported in {@code stage}, as printed, then given to {@code reader}. */
    static LineReport in(Stage stage, Consumer<String> reader) {
        return new LineReport() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public void reported(String line) {
                reader.accept(line);
            }
        };
    }
}
