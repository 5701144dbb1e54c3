package org.citadel.realmfs.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/** The jar the running command was loaded from, found from its classes' code source. */
final class RunningCommandJar implements BuilderJarLocator {
    private final Path codeLocation;

    /** @param codeLocation where the command's classes were loaded from: a jar file or a directory */
    RunningCommandJar(Path codeLocation) {
        this.codeLocation = codeLocation;
    }

    static RunningCommandJar of(Class<?> commandClass) {
        CodeSource source = commandClass.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException(commandClass + " has no code source: it cannot tell which jar it runs from");
        }
        try {
            return new RunningCommandJar(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The code source " + source.getLocation() + " is not a file URI", e);
        }
    }

    @Override
    public Path locate() {
        if (!Files.isRegularFile(codeLocation)) {
            throw new UsageException("Self-hosting installs the running " + RealmfsBuilderCommand.NAME
                    + " jar into the image, but this command runs from " + codeLocation + ", which is not a jar"
                    + " file. Run it from " + SelfHosting.JAR_NAME + " ('mvn package' builds it in"
                    + " realmfs-cli/target), or build with --no-self-hosting.");
        }
        return codeLocation;
    }
}
