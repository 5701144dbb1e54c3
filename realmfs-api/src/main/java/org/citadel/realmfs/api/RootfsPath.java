package org.citadel.realmfs.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A path inside the rootfs, as a process chrooted into it names a file: absolute, normalized (no
 * empty or {@code .} components, so {@code /etc//x/} is {@code /etc/x}), with no {@code ..} (a
 * recipe's path cannot climb out of the rootfs) and no NUL. Being absolute, it can never be read as
 * a command's option. Checked once, by {@link #of}; everything that takes a {@code RootfsPath} relies
 * on that. Symlinks in it are resolved only when the build uses it, inside the rootfs.
 */
public final class RootfsPath {
    /** The rootfs's {@code /}. */
    public static final RootfsPath ROOT = new RootfsPath(List.of());

    private final List<String> names;

    private RootfsPath(List<String> names) {
        this.names = names;
    }

    /**
     * {@code path} checked and normalized.
     *
     * @throws InvalidRecipeException if it is null, relative, holds a {@code ..} component or a NUL
     */
    public static RootfsPath of(String path) {
        if (path == null) {
            throw new InvalidRecipeException("A path inside the rootfs is missing (null); give an absolute one such"
                    + " as /etc/motd");
        }
        if (path.indexOf('\0') >= 0) {
            throw new InvalidRecipeException("The path '" + path.replace('\0', '?') + "' contains a NUL character,"
                    + " which no file name can hold; remove it");
        }
        if (!path.startsWith("/")) {
            throw new InvalidRecipeException("'" + path + "' is not an absolute path inside the rootfs; write it from"
                    + " the rootfs's /, such as /etc/motd");
        }
        List<String> names = new ArrayList<>();
        for (String name : path.split("/")) {
            if (name.equals("..")) {
                throw new InvalidRecipeException("'" + path + "' may not contain '..': paths must stay inside the rootfs");
            }
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return new RootfsPath(List.copyOf(names));
    }

    /** The components from the root down: {@code [etc, x.conf]} for {@code /etc/x.conf}; empty for {@code /}. */
    public List<String> names() {
        return names;
    }

    public boolean isRoot() {
        return names.isEmpty();
    }

    /** The last component; empty for {@code /}. */
    public Optional<String> fileName() {
        return isRoot() ? Optional.empty() : Optional.of(names.get(names.size() - 1));
    }

    /** The directory this path is in; empty for {@code /}. */
    public Optional<RootfsPath> parent() {
        return isRoot() ? Optional.empty() : Optional.of(new RootfsPath(names.subList(0, names.size() - 1)));
    }

    /**
     * The path of {@code name} in this directory.
     *
     * @throws InvalidRecipeException unless {@code name} is one file name (no {@code /}, not {@code .}
     *                                or {@code ..}, not empty, no NUL)
     */
    public RootfsPath resolve(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new InvalidRecipeException("'" + name + "' is not a file name to put in " + this);
        }
        List<String> child = new ArrayList<>(names);
        child.add(name);
        return new RootfsPath(List.copyOf(child));
    }

    /** This path without its leading {@code /} ({@code etc/x.conf}); empty for {@code /}. */
    public String relative() {
        return String.join("/", names);
    }

    /** The absolute path, {@code /etc/x.conf}. */
    @Override
    public String toString() {
        return "/" + relative();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RootfsPath path && path.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }
}
