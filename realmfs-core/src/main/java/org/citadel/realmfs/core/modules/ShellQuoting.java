package org.citadel.realmfs.core.modules;

/** Quotes a string as one bash word. */
public final class ShellQuoting {
    private ShellQuoting() {
    }

    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
