package org.citadel.realmfs.core.process;

import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * A line consumer that passes a shell's lines on, except the marker the shell writes after each
 * script, which it counts instead. A marker glued to the end of a script's last, unterminated line
 * is split off it.
 */
final class ScriptEndMarker implements Consumer<String> {
    private final String text = "__realmfs_script_done_" + UUID.randomUUID().toString().replace("-", "");
    private final Semaphore seen = new Semaphore(0);
    private final Consumer<String> lines;

    ScriptEndMarker(Consumer<String> lines) {
        this.lines = lines;
    }

    /** The marker, made of letters, digits and underscores only. */
    String text() {
        return text;
    }

    @Override
    public void accept(String line) {
        int at = line.indexOf(text);
        if (at < 0) {
            lines.accept(line);
            return;
        }
        if (at > 0) {
            lines.accept(line.substring(0, at));
        }
        seen.release();
    }

    /** Waits until the next marker has been seen, that is until every line written before it was delivered. */
    void awaitNext() {
        seen.acquireUninterruptibly();
    }
}
