package org.citadel.realmfs.core.output.tar;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects what a {@link RootfsTarWriter} left out of one archive and says it in one sentence,
 * naming the paths inside the rootfs (the first {@value #NAMED} of each kind, then how many more).
 * Not thread-safe: one per archive written.
 */
public final class TarOmissions implements TarWriteListener {
    static final int NAMED = 10;

    private final Map<Omission, List<String>> named = new EnumMap<>(Omission.class);
    private final Map<Omission, Long> counts = new EnumMap<>(Omission.class);

    @Override
    public void omitted(String entryName, Omission omission) {
        long count = counts.merge(omission, 1L, Long::sum);
        if (count <= NAMED) {
            named.computeIfAbsent(omission, o -> new ArrayList<>()).add(rootfsPath(entryName));
        }
    }

    /** What {@code archive} (e.g. "the tar output /out/x.tar") left out, or empty when nothing. */
    public Optional<String> describe(String archive) {
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (Omission omission : counts.keySet()) {
            parts.add(switch (omission) {
                case SOCKET -> count(omission, "socket", "sockets") + " " + paths(omission)
                        + " (a tar cannot hold one; a running service creates its own)";
                case OTHER_FILESYSTEM -> "the contents of " + count(omission, "mount point", "mount points") + " "
                        + paths(omission) + " (another filesystem was mounted there; only the directory is archived)";
            });
        }
        return Optional.of(archive + " leaves out " + String.join(", and ", parts));
    }

    private String count(Omission omission, String one, String many) {
        long count = counts.get(omission);
        return count + " " + (count == 1 ? one : many);
    }

    private String paths(Omission omission) {
        long more = counts.get(omission) - named.get(omission).size();
        return String.join(", ", named.get(omission)) + (more > 0 ? " and " + more + " more" : "");
    }

    /** {@code ./run/x.sock} and {@code ./proc/} as the paths they are inside the rootfs: /run/x.sock, /proc. */
    private static String rootfsPath(String entryName) {
        String path = entryName.startsWith(".") ? entryName.substring(1) : entryName;
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? "/" : path;
    }
}
