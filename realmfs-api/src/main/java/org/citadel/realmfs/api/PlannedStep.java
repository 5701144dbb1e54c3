package org.citadel.realmfs.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link BuildPlan}, as the engine will take it: the stage it belongs to, what kind
 * of action it is, the command it runs (for a command), the paths inside the rootfs it mounts,
 * writes or removes, the condition under which it runs (empty: it always runs), and a sentence
 * for people.
 *
 * <p>Operands known only when the build runs appear in {@link #argv()} as placeholders:
 * {@value #ROOTFS} for the work directory's rootfs and {@value #HOST_MIRROR} for the mirror the
 * host's apt uses (a recipe's own mirror appears as itself).
 *
 * @param argv the command line, for {@link Action#HOST_COMMAND} and {@link Action#CHROOT_COMMAND}
 *     steps (the executable first, as the build starts it); empty otherwise
 * @param rootfsPaths absolute paths inside the rootfs the step mounts on, writes, installs or
 *     removes; a mount target found to be a symbolic link fails the build with its name
 * @param condition when the step runs only sometimes, when that is
 */
public record PlannedStep(Stage stage, Action action, List<String> argv, List<RootfsPath> rootfsPaths,
                          Optional<String> condition, String description) {
    /** Stands for {@code <workDir>/rootfs} in a planned command. */
    public static final String ROOTFS = "<rootfs>";
    /** Stands for the mirror the host's apt is configured with in a planned command. */
    public static final String HOST_MIRROR = "<host apt mirror>";

    /** What a step does. */
    public enum Action {
        /** Runs {@link #argv()} on the host. */
        HOST_COMMAND,
        /** Runs {@link #argv()} chrooted into the rootfs, with a non-interactive apt environment. */
        CHROOT_COMMAND,
        /** Mounts on {@link #rootfsPaths()}, in the build's private mount namespace. */
        MOUNT,
        /** Unmounts everything the build mounted below the rootfs. */
        UNMOUNT,
        /** Writes the files {@link #rootfsPaths()}. */
        WRITE_FILES,
        /** Removes the files {@link #rootfsPaths()}. */
        REMOVE_FILES,
        /** Downloads package files into the package cache. */
        DOWNLOAD,
        /** Runs a shell module in the build's bash session inside the chroot. */
        SHELL_MODULE,
        /** Runs a Java module in the build's JVM, with a context confined to the rootfs. */
        JAVA_MODULE,
        /** Copies a host file into the rootfs ({@link InstallFileModule}). */
        INSTALL_FILE,
        /** Ends every process the build started. */
        END_PROCESSES
    }

    public PlannedStep {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(action, "action");
        argv = List.copyOf(argv);
        rootfsPaths = List.copyOf(rootfsPaths);
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(description, "description");
    }

    /** A step that always runs and is not a command. */
    public static PlannedStep of(Stage stage, Action action, List<String> rootfsPaths, String description) {
        return new PlannedStep(stage, action, List.of(), rootfsPaths.stream().map(RootfsPath::of).toList(),
                Optional.empty(), description);
    }

    /** A command the step runs: {@code description} says why, the printed plan adds the command line. */
    public static PlannedStep command(Stage stage, Action action, List<String> argv, String description) {
        if (action != Action.HOST_COMMAND && action != Action.CHROOT_COMMAND) {
            throw new IllegalArgumentException(action + " is not a command");
        }
        return new PlannedStep(stage, action, argv, List.of(), Optional.empty(), description);
    }

    /** This step, run only {@code when} (e.g. "when apt's sources changed since bootstrap"). */
    public PlannedStep onlyWhen(String when) {
        return new PlannedStep(stage, action, argv, rootfsPaths, Optional.of(when), description);
    }

    /** The command line as one string, each argument quoted when it holds a space; empty when no command. */
    public String commandLine() {
        return String.join(" ", argv.stream().map(a -> a.isEmpty() || a.matches(".*[\\s'\"].*")
                ? "'" + a.replace("'", "'\\''") + "'" : a).toList());
    }

    @Override
    public String toString() {
        return stage + ": " + description + (argv.isEmpty() ? "" : ": " + commandLine())
                + condition.map(c -> " (only " + c + ")").orElse("");
    }
}
