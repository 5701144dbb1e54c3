package org.citadel.realmfs.core.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.core.process.Command;

/** Finds the host tools a build runs, and says which Debian package to install when one is missing. */
public final class HostTools {
    private final List<Path> searchPath;

    public HostTools(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** The tools on the PATH commands are spawned with. */
    public static HostTools onCommandPath() {
        return new HostTools(Arrays.stream(Command.DEFAULT_ENVIRONMENT.get("PATH").split(":")).map(Path::of).toList());
    }

    /** The host's debootstrap, which every build runs. */
    public Path debootstrap() {
        return require("debootstrap", "debootstrap", "bootstrap the base system");
    }

    /** The absolute path of {@code tool}, or an error naming the package that installs it. */
    public Path require(String tool, String debianPackage, String purpose) {
        return searchPath.stream()
                .map(dir -> dir.resolve(tool))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst()
                .orElseThrow(() -> new HostRequirementException("'" + tool + "' is needed to " + purpose
                        + " but is not installed (looked in " + searchPath + "): install the Debian package "
                        + debianPackage + " (apt-get install " + debianPackage + ")"));
    }
}
