package org.citadel.realmfs.core.cache;

import java.util.List;

/**
 * Says in words how a layer key differs from an earlier one: the first line that differs, as
 * "packages changed (less vim-tiny → less)", "pre-install module 2 set-motd was added".
 */
final class KeyChange {
    private static final int MAX_VALUE_LENGTH = 60;

    private KeyChange() {
    }

    static String describe(LayerKey earlier, LayerKey current) {
        List<String> before = earlier.lines();
        List<String> now = current.lines();
        int common = commonPrefix(before, now);
        if (common == before.size() && common == now.size()) {
            return "nothing changed";
        }
        if (common == now.size()) {
            return label(before.get(common)) + " was removed";
        }
        if (common == before.size()) {
            return label(now.get(common)) + " was added";
        }
        String was = before.get(common);
        String is = now.get(common);
        if (label(was).equals(label(is))) {
            return label(is) + " changed (" + shorten(value(was)) + " → " + shorten(value(is)) + ")";
        }
        boolean added = now.contains(was);
        return added ? label(is) + " was added" : label(was) + " was replaced by " + label(is);
    }

    /** How many lines at the start the two keys share. */
    static int commonPrefix(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    private static String label(String line) {
        return line.substring(0, line.indexOf(": "));
    }

    private static String value(String line) {
        return line.substring(line.indexOf(": ") + 2);
    }

    private static String shorten(String value) {
        String shorter = value.replaceAll("\\b([0-9a-f]{12})[0-9a-f]{52}\\b", "$1");
        return shorter.length() <= MAX_VALUE_LENGTH ? shorter : shorter.substring(0, MAX_VALUE_LENGTH - 1) + "…";
    }
}
