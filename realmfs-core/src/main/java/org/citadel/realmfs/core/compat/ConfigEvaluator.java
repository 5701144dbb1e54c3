package org.citadel.realmfs.core.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.io.ClasspathResource;
import org.citadel.realmfs.core.io.HostFiles;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.Spawner;

/**
 * Evaluates a build.conf with the host's bash, so that quoting, comments, line continuations and
 * variables built from other variables mean exactly what bash makes of them. The config's top-level
 * code runs on the host, with a clean environment, in the config's directory.
 */
final class ConfigEvaluator {
    private static final String SCRIPT = readScript();
    private static final int MESSAGE_LINES = 20;

    private final Spawner spawner;

    ConfigEvaluator(Spawner spawner) {
        this.spawner = spawner;
    }

    /** @throws InvalidRecipeException when bash rejects the config or the config fails or exits early */
    EvaluatedConfig evaluate(Path config) {
        checkSyntax(config);
        try (TemporaryFile report = TemporaryFile.create()) {
            List<String> messages = new ArrayList<>();
            int status = spawner.run(evaluation(config).withStdout(report.path()), messages::add);
            EvaluationRecords records = EvaluationRecords.parse(Files.readAllBytes(report.path()));
            if (status != 0 || !records.complete()) {
                throw new InvalidRecipeException(config + " failed while it was loaded ("
                        + (status != 0 ? "bash exit status " + status : "it exits before its end")
                        + ")" + tail(messages));
            }
            return records.toConfig();
        } catch (IOException e) {
            throw HostFiles.ioFailure("read what bash reported about", config, e);
        }
    }

    private void checkSyntax(Path config) {
        List<String> messages = new ArrayList<>();
        Command check = Command.host("bash", "--norc", "--noprofile", "-n", config.toString())
                .withWorkingDirectory(config.getParent().toString());
        if (spawner.run(check, messages::add) != 0) {
            throw new InvalidRecipeException(config + " is not valid bash: " + String.join("; ", messages));
        }
    }

    private static Command evaluation(Path config) {
        return Command.host(List.of("bash", "--norc", "--noprofile", "-c", SCRIPT, "evaluate-config",
                        config.toString(),
                        String.join(" ", BaseImage.BASE_PACKAGES),
                        String.join(" ", BaseImage.BASE_PRE_INSTALL_MODULES),
                        String.join(" ", BaseImage.BASE_POST_INSTALL_MODULES),
                        RealmfsBuild.DEFAULT_RELEASE))
                .withWorkingDirectory(config.getParent().toString());
    }

    /** bash's last messages (they name the file and line), indented below the summary. */
    private static String tail(List<String> messages) {
        List<String> last = messages.subList(Math.max(0, messages.size() - MESSAGE_LINES), messages.size());
        return last.isEmpty() ? "" : ":\n  " + String.join("\n  ", last);
    }

    private static String readScript() {
        return ClasspathResource.text(ConfigEvaluator.class, "evaluate-config.bash");
    }

    /** A file bash reports into; deleted on close. */
    private record TemporaryFile(Path path) implements AutoCloseable {
        static TemporaryFile create() throws IOException {
            return new TemporaryFile(Files.createTempFile("realmfs-config-", ".report"));
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(path);
        }
    }
}
