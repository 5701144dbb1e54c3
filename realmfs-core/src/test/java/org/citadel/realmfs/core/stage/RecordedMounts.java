package org.citadel.realmfs.core.stage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.sandbox.ChrootMounts;
import org.citadel.realmfs.core.sandbox.Mount;
import org.citadel.realmfs.core.sandbox.MountTarget;

/**
 * Mounts nothing: opens each target as {@link org.citadel.realmfs.core.sandbox.Mounts} does (so a
 * symlink there is refused the same way) and records what would have been mounted where.
 */
final class RecordedMounts implements ChrootMounts {
    /** What would have been mounted, e.g. "proc /proc", "bind /dev/null /dev/null", "read-only bind /etc/resolv.conf ...". */
    final List<String> made = new ArrayList<>();
    private final Path rootfs;

    RecordedMounts(Path rootfs) {
        this.rootfs = rootfs;
    }

    /** The targets, as paths inside the rootfs, in the order they were mounted on. */
    List<String> targets() {
        return made.stream().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
    }

    @Override
    public Mount tmpfs(MountTarget target, Optional<String> size) {
        return record("tmpfs" + size.map(s -> " of " + s).orElse(""), target);
    }

    @Override
    public Mount bind(Path source, MountTarget target, boolean readOnly) {
        return record((readOnly ? "read-only bind " : "bind ") + source, target);
    }

    @Override
    public Mount proc(MountTarget target) {
        return record("proc", target);
    }

    @Override
    public Mount sysfs(MountTarget target) {
        return record("sysfs", target);
    }

    @Override
    public Mount devpts(MountTarget target) {
        return record("devpts", target);
    }

    private Mount record(String what, MountTarget target) {
        try (Fd handle = target.open()) {
            String description = target.description();
            String inRootfs = description.substring(0, description.indexOf(" in the rootfs "));
            made.add(what + " " + inRootfs);
            return new Mount(rootfs.resolve(inRootfs.substring(1)), what);
        }
    }
}
