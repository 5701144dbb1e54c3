package org.citadel.realmfs.core.compat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what {@code evaluate-config.bash} reported: NUL-terminated fields in records of three
 * (kind, name, text). Turns the snapshots taken before and after the config into the prelude: the
 * declarations of the variables and functions that the builder's defaults and the config created or
 * changed.
 */
final class EvaluationRecords {
    /** Variables bash itself keeps changing; they are not the config's. */
    private static final Pattern SHELL_STATE = Pattern.compile(
            "BASH.*|EPOCH.*|S?RANDOM|SECONDS|LINENO|FUNCNAME|GROUPS|DIRSTACK|PIPESTATUS|HISTCMD|_|PPID"
                    + "|EUID|UID|SHELLOPTS|OPTIND|OPTARG|OPTERR|PWD|OLDPWD|COMP_WORDBREAKS");

    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> variablesBefore = new LinkedHashMap<>();
    private final Map<String, String> variablesAfter = new LinkedHashMap<>();
    private final Map<String, String> functionsBefore = new LinkedHashMap<>();
    private final Map<String, String> functionsAfter = new LinkedHashMap<>();
    private boolean complete;

    private EvaluationRecords() {
    }

    static EvaluationRecords parse(byte[] output) {
        EvaluationRecords records = new EvaluationRecords();
        String[] fields = new String(output, StandardCharsets.UTF_8).split("\0", -1);
        // A complete report ends with a NUL, so the split leaves one empty string after the last record.
        for (int i = 0; i + 2 < fields.length; i += 3) {
            records.add(fields[i], fields[i + 1], fields[i + 2]);
        }
        return records;
    }

    private void add(String kind, String name, String text) {
        switch (kind) {
            case "L" -> settings.put(name, text);
            case "VB" -> variablesBefore.put(name, text);
            case "VA" -> variablesAfter.put(name, text);
            case "FB" -> functionsBefore.put(name, text);
            case "FA" -> functionsAfter.put(name, text);
            case "E" -> complete = true;
            default -> throw new IllegalStateException("evaluate-config.bash reported an unknown record '" + kind + "'");
        }
    }

    /** Whether the config ran to its end (it did not {@code exit} or fail before). */
    boolean complete() {
        return complete;
    }

    EvaluatedConfig toConfig() {
        StringBuilder prelude = new StringBuilder();
        variablesAfter.forEach((name, declaration) -> {
            if (!SHELL_STATE.matcher(name).matches() && !declaration.equals(variablesBefore.get(name))) {
                prelude.append(global(declaration)).append('\n');
            }
        });
        String variables = prelude.toString();
        Set<String> functions = new LinkedHashSet<>();
        Map<String, String> definitions = new LinkedHashMap<>();
        functionsAfter.forEach((name, definition) -> {
            if (!Objects.equals(definition, functionsBefore.get(name))) {
                functions.add(name);
                definitions.put(name, definition + "\n");
                prelude.append(definition).append('\n');
            }
        });
        return new EvaluatedConfig(settings, functions, prelude.toString(), variables, definitions);
    }

    /**
     * {@code declare -p} prints {@code declare -- NAME=...} or {@code declare -ax NAME=...}; adding
     * {@code -g} keeps the variable global even when the prelude is sourced inside a function.
     */
    private static String global(String declaration) {
        String[] parts = declaration.split(" ", 3);
        if (parts.length < 2 || !parts[0].equals("declare") || !parts[1].startsWith("-")) {
            throw new IllegalStateException("Unexpected output of declare -p: " + declaration);
        }
        String flags = parts[1].equals("--") ? "" : parts[1].substring(1);
        return "declare -g" + flags + declaration.substring(parts[0].length() + 1 + parts[1].length());
    }
}
