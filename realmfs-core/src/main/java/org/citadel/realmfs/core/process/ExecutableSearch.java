package org.citadel.realmfs.core.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where execvp would look for a program: the name itself if it has a slash, else each PATH directory. */
final class ExecutableSearch {
    /** execvp's own default when PATH is unset. */
    static final String DEFAULT_PATH = "/bin:/usr/bin";

    private ExecutableSearch() {
    }

    static List<String> candidates(String program, Map<String, String> environment) {
        if (program.contains("/")) {
            return List.of(program);
        }
        List<String> candidates = new ArrayList<>();
        for (String directory : environment.getOrDefault("PATH", DEFAULT_PATH).split(":", -1)) {
            // An empty PATH entry means the working directory.
            candidates.add(directory.isEmpty() ? program : directory + "/" + program);
        }
        return candidates;
    }
}
