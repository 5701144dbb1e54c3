package org.citadel.realmfs.core.process;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command to spawn: its argv, its complete environment, and optionally a root to chroot into
 * (then argv[0] and the working directory are resolved inside that root).
 *
 * @param stdin a host file read as standard input; empty for /dev/null
 * @param stdout a host file standard output is written to; empty to send it, with standard error,
 *               line by line to the spawner's line consumer
 */
public record Command(
        List<String> argv,
        Map<String, String> environment,
        Optional<Path> root,
        String workingDirectory,
        Optional<Path> stdin,
        Optional<Path> stdout) {

    /** The environment a command gets unless it says otherwise: no host variables leak in. */
    public static final Map<String, String> DEFAULT_ENVIRONMENT = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG", "C.UTF-8",
            "LC_ALL", "C.UTF-8",
            "HOME", "/root",
            "TERM", "dumb");

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
    }

    /** A command run on the host (in the build's mount namespace when spawned from the sandbox). */
    public static Command host(String... argv) {
        return new Command(List.of(argv), DEFAULT_ENVIRONMENT, Optional.empty(), "/", Optional.empty(), Optional.empty());
    }

    public static Command host(List<String> argv) {
        return new Command(argv, DEFAULT_ENVIRONMENT, Optional.empty(), "/", Optional.empty(), Optional.empty());
    }

    /** A command run chrooted into {@code root}. */
    public static Command inRoot(Path root, List<String> argv) {
        return new Command(argv, DEFAULT_ENVIRONMENT, Optional.of(root), "/", Optional.empty(), Optional.empty());
    }

    public Command withEnvironment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(extra);
        return new Command(argv, env, root, workingDirectory, stdin, stdout);
    }

    public Command withWorkingDirectory(String directory) {
        return new Command(argv, environment, root, directory, stdin, stdout);
    }

    public Command withStdin(Path file) {
        return new Command(argv, environment, root, workingDirectory, Optional.of(file), stdout);
    }

    public Command withStdout(Path file) {
        return new Command(argv, environment, root, workingDirectory, stdin, Optional.of(file));
    }

    /** The command as a person would type it, for messages. */
    public String display() {
        return String.join(" ", argv);
    }
}
