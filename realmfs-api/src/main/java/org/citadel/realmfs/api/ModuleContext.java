package org.citadel.realmfs.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * What a Java module can do to the image. Commands run chrooted into the rootfs; paths are paths
 * inside the rootfs ({@link RootfsPath}) and are confined to it: a {@code ..} in a path is an error,
 * and symlinks resolve inside the rootfs exactly as for a chrooted process (an absolute one against
 * its root, a {@code ..} above its root stays there), so none leads outside. The methods taking a
 * {@code String} path or an {@code int} mode check them at once with {@link RootfsPath#of} and
 * {@link FileMode#of}.
 */
public interface ModuleContext {

    /** The recipe being built. */
    RealmfsBuild recipe();

    /** Runs a command inside the chroot; its output goes to the build's events and log. */
    CommandResult run(List<String> command);

    default CommandResult run(String... command) {
        return run(List.of(command));
    }

    /** Runs a bash script inside the chroot, with the shell modules' helper functions available. */
    CommandResult shell(String script);

    /** Writes a file (creating parent directories) and sets its mode. */
    void writeFile(RootfsPath path, byte[] content, FileMode mode);

    /** Writes {@code content} as UTF-8. */
    default void writeFile(RootfsPath path, String content, FileMode mode) {
        writeFile(path, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    default void writeFile(String path, byte[] content, int mode) {
        writeFile(RootfsPath.of(path), content, FileMode.of(mode));
    }

    /** Writes {@code content} as UTF-8. */
    default void writeFile(String path, String content, int mode) {
        writeFile(path, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** Copies a host file to {@code targetDirectory/<its name>} in the rootfs. */
    void installFile(Path hostFile, RootfsPath targetDirectory, FileMode mode);

    default void installFile(Path hostFile, String targetDirectory, int mode) {
        installFile(hostFile, RootfsPath.of(targetDirectory), FileMode.of(mode));
    }

    /** Reads a file of the rootfs. */
    byte[] readFile(RootfsPath path);

    default byte[] readFile(String path) {
        return readFile(RootfsPath.of(path));
    }

    /** Whether something (a symlink too) is at {@code path}. */
    boolean exists(RootfsPath path);

    default boolean exists(String path) {
        return exists(RootfsPath.of(path));
    }

    /** Reports a message as an event and in the build log. */
    void info(String message);
}
