package org.citadel.realmfs.core.rootfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.citadel.realmfs.api.InvalidRecipeException;

/**
 * Turns a path inside the rootfs ({@code /etc/x.conf}) into the host path to read or write, the way
 * a process chrooted into the rootfs would see it: absolute symlinks resolve against the rootfs, and
 * nothing may lead outside it. A {@code ..} in the given path, or a symlink whose {@code ..} climbs
 * above the rootfs, is an error rather than silently clamped.
 */
public final class ConfinedPaths {
    private static final int MAX_SYMLINKS = 40;

    private final Path rootfs;

    public ConfinedPaths(Path rootfs) {
        this.rootfs = rootfs.toAbsolutePath().normalize();
    }

    public Path rootfs() {
        return rootfs;
    }

    /** The host path of {@code path}, with every symlink on the way (the last one too) resolved. */
    public Path resolve(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new InvalidRecipeException("'" + path + "' is not an absolute path inside the rootfs");
        }
        if (List.of(path.split("/")).contains("..")) {
            throw new InvalidRecipeException("'" + path + "' contains '..': paths must stay inside the rootfs");
        }
        Deque<String> todo = new ArrayDeque<>(components(path));
        Deque<String> resolved = new ArrayDeque<>();
        int symlinks = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.equals("..")) {
                if (resolved.isEmpty()) {
                    throw new InvalidRecipeException("'" + path + "' leads outside the rootfs through a symlink"
                            + " that climbs above its root");
                }
                resolved.removeLast();
                continue;
            }
            resolved.addLast(part);
            Path candidate = hostPath(resolved);
            if (Files.isSymbolicLink(candidate)) {
                if (++symlinks > MAX_SYMLINKS) {
                    throw new InvalidRecipeException("'" + path + "': too many levels of symlinks in the rootfs");
                }
                String target = readLink(candidate);
                resolved.removeLast();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                List<String> targetParts = components(target);
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    todo.addFirst(targetParts.get(i));
                }
            }
        }
        return hostPath(resolved);
    }

    /** Like {@link #resolve} but the last component itself is not followed if it is a symlink. */
    public Path resolveParent(String path) {
        int slash = path.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        if (name.isEmpty() || name.equals("..") || name.equals(".")) {
            throw new InvalidRecipeException("'" + path + "' does not name a file");
        }
        return resolve(parent).resolve(name);
    }

    private Path hostPath(Deque<String> parts) {
        Path p = rootfs;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }

    private static List<String> components(String path) {
        return List.of(path.split("/")).stream().filter(s -> !s.isEmpty() && !s.equals(".")).toList();
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read symlink " + link, e);
        }
    }
}
