package org.citadel.realmfs.core.compat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What bash made of a build.conf.
 *
 * @param settings the values of the variables the loader reads (PACKAGES, DEBIAN_RELEASE, ...), for
 *                 those that are set
 * @param functions the names of the functions the config defined or redefined
 * @param prelude bash code re-creating the config's functions and variables in the build's shell
 * @param variables the part of {@code prelude} re-creating the variables
 * @param definitions the part of {@code prelude} re-creating the functions: each function's
 *                    definition by its name, in the prelude's order
 */
record EvaluatedConfig(Map<String, String> settings, Set<String> functions, String prelude, String variables,
                       Map<String, String> definitions) {

    EvaluatedConfig {
        settings = Map.copyOf(settings);
        functions = Set.copyOf(functions);
        definitions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(definitions));
    }

    /** The whitespace-separated words of a setting, as the original's unquoted {@code ${VAR}} gave them. */
    List<String> words(String variable) {
        String value = settings.getOrDefault(variable, "").strip();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    /** A setting that is set and not blank. */
    Optional<String> value(String variable) {
        return Optional.ofNullable(settings.get(variable)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
