package org.citadel.realmfs.core.stage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.linux.FileMetadata;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.rootfs.RootfsWalk;

/**
 * Makes a finished tree depend only on the recipe, the archive state and the build's time (its
 * {@code SOURCE_DATE_EPOCH}): it removes what records when or on which machine it was built (logs,
 * generated caches, random seeds, host keys, backup copies), empties the machine id, clamps the
 * shadow files' last-change days, and finally sets every time newer than the epoch to the epoch
 * (and every access time to the modification time).
 * Every path is resolved inside the rootfs ({@link RootfsFiles}, {@link RootfsWalk}): a symlink a
 * module left is removed or kept as a symlink (its own times set), never followed.
 *
 * <p>{@code /etc/machine-id} is left empty, not {@code uninitialized}: a realm runs in
 * systemd-nspawn, which gives systemd in the container its machine id (the container's UUID),
 * and an empty file lets systemd mount that id over it on the read-only RealmFS, where
 * {@code uninitialized} would make every boot a first boot (presets and first-boot units again).
 */
public final class RootfsNormalizer {
    /** Logs and caches that hold the build's times, order or machine: removed when they are regular files. */
    static final List<String> REMOVED_FILES = List.of(
            "/var/log/dpkg.log", "/var/log/bootstrap.log", "/var/log/alternatives.log",
            "/var/cache/ldconfig/aux-cache", "/var/lib/dbus/machine-id", "/var/lib/systemd/random-seed",
            "/run/mount/utab");
    /** Directories whose regular files (apt's logs) are all removed. */
    static final List<String> EMPTIED_DIRECTORIES = List.of("/var/log/apt");
    /** Directories whose {@code *-old} files (dpkg's and debconf's backups) are removed. */
    static final List<String> BACKUP_DIRECTORIES = List.of("/var/lib/dpkg", "/var/cache/debconf");
    /** Where man-db's index files ({@code index.db}, rebuilt by mandb) are removed, at any depth. */
    static final String MAN_CACHE = "/var/cache/man";
    /** Where the generated SSH host keys ({@code ssh_host_*}) are removed. */
    static final String SSH_DIRECTORY = "/etc/ssh";
    static final String SSH_HOST_KEY_PREFIX = "ssh_host_";
    static final String PYCACHE = "__pycache__";
    static final String MACHINE_ID = "/etc/machine-id";
    static final List<String> SHADOW_FILES = List.of("/etc/shadow", "/etc/shadow-");
    private static final long SECONDS_PER_DAY = 86_400;

    private final RootfsFiles rootfs;
    private final Instant epoch;

    public RootfsNormalizer(RootfsFiles rootfs, Instant epoch) {
        this.rootfs = rootfs;
        this.epoch = epoch;
    }

    /** Everything in order; the times last, after every file it removes or rewrites. */
    public void normalize() {
        REMOVED_FILES.forEach(this::deleteRegularFile);
        EMPTIED_DIRECTORIES.forEach(directory -> rootfs.list(directory)
                .forEach(name -> deleteRegularFile(directory + "/" + name)));
        BACKUP_DIRECTORIES.forEach(directory -> rootfs.list(directory).stream().filter(name -> name.endsWith("-old"))
                .forEach(name -> deleteRegularFile(directory + "/" + name)));
        removeManIndexes(MAN_CACHE);
        rootfs.list(SSH_DIRECTORY).stream().filter(name -> name.startsWith(SSH_HOST_KEY_PREFIX))
                .forEach(name -> deleteRegularFile(SSH_DIRECTORY + "/" + name));
        pycacheDirectories().forEach(rootfs::deleteTree);
        if (rootfs.kind(MACHINE_ID).equals(Optional.of(FileKind.REGULAR_FILE))) {
            rootfs.replaceContent(MACHINE_ID, new byte[0]);
        }
        SHADOW_FILES.forEach(this::clampPasswordChanges);
        clampTimes();
    }

    /** The epoch as a day number, the unit of the shadow file's last-change field. */
    long epochDay() {
        return Math.floorDiv(epoch.getEpochSecond(), SECONDS_PER_DAY);
    }

    private void deleteRegularFile(String path) {
        if (rootfs.kind(path).equals(Optional.of(FileKind.REGULAR_FILE))) {
            rootfs.delete(path);
        }
    }

    private void removeManIndexes(String directory) {
        for (String name : rootfs.list(directory)) {
            String path = directory + "/" + name;
            Optional<FileKind> kind = rootfs.kind(path);
            if (kind.equals(Optional.of(FileKind.DIRECTORY))) {
                removeManIndexes(path);
            } else if (name.equals("index.db")) {
                deleteRegularFile(path);
            }
        }
    }

    private List<String> pycacheDirectories() {
        List<String> found = new ArrayList<>();
        new RootfsWalk(rootfs.rootfs()).walk(new RootfsWalk.Visitor() {
            @Override
            public boolean enter(RootfsPath directory) {
                if (directory.fileName().equals(Optional.of(PYCACHE))) {
                    found.add(directory.toString());
                    return false;
                }
                return true;
            }

            @Override
            public void visit(RootfsWalk.Entry entry) {
            }
        });
        return found;
    }

    /**
     * The third field of each shadow line is the day of the last password change; one later than
     * the epoch's day (the day the build created the account) becomes the epoch's day. Empty (no
     * aging) and 0 (change at next login) stay as they are.
     */
    private void clampPasswordChanges(String path) {
        Optional<byte[]> content = rootfs.readIfRegularFile(path);
        if (content.isEmpty() || !rootfs.kind(path).equals(Optional.of(FileKind.REGULAR_FILE))) {
            return;
        }
        String original = new String(content.get(), StandardCharsets.UTF_8);
        String clamped = clampShadow(original, epochDay());
        if (!clamped.equals(original)) {
            rootfs.replaceContent(path, clamped.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String clampShadow(String shadow, long epochDay) {
        return Arrays.stream(shadow.split("\n", -1)).map(line -> clampShadowLine(line, epochDay))
                .collect(Collectors.joining("\n"));
    }

    private static String clampShadowLine(String line, long epochDay) {
        String[] fields = line.split(":", -1);
        if (fields.length < 3 || !fields[2].matches("[0-9]{1,18}") || Long.parseLong(fields[2]) <= epochDay) {
            return line;
        }
        fields[2] = Long.toString(epochDay);
        return String.join(":", fields);
    }

    /**
     * Every modification time later than the epoch becomes the epoch, and every access time the
     * modification time (reading a file during the build moved it; ext4 images keep it); each
     * directory after its content.
     */
    private void clampTimes() {
        long seconds = epoch.getEpochSecond();
        long nanos = epoch.getNano();
        new RootfsWalk(rootfs.rootfs()).walk(entry -> {
            FileMetadata metadata = entry.metadata();
            boolean later = metadata.mtimeSeconds() > seconds
                    || metadata.mtimeSeconds() == seconds && metadata.mtimeNanos() > nanos;
            if (later) {
                entry.setTimes(seconds, nanos);
            } else {
                entry.setTimes(metadata.mtimeSeconds(), metadata.mtimeNanos());
            }
        });
    }
}
