package org.citadel.realmfs.core.output.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.core.process.Command;

/** Finds the host tools the image outputs run, and says which package to install when one is missing. */
final class HostTools {
    private final List<Path> searchPath;

    HostTools(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** The PATH commands are spawned with. */
    static HostTools onCommandPath() {
        return new HostTools(Arrays.stream(Command.DEFAULT_ENVIRONMENT.get("PATH").split(":")).map(Path::of).toList());
    }

    void require(String tool, String debianPackage, String purpose) {
        boolean found = searchPath.stream().map(dir -> dir.resolve(tool)).anyMatch(Files::isExecutable);
        if (!found) {
            throw new HostRequirementException("'" + tool + "' is needed to " + purpose + " but is not installed"
                    + " (looked in " + searchPath + "): install the Debian package " + debianPackage);
        }
    }
}
