package org.citadel.realmfs.core.linux;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.RealmfsException;

/**
 * A write failed because its filesystem is full (ENOSPC) or the writer's disk quota is used up
 * (EDQUOT). The message names the filesystem (its mount point and type, as the mount namespace of
 * the thread that noticed it sees it), what was being written, how much is free and, when known,
 * how much was needed, and what to do.
 *
 * <p>The one place that recognises these errors, in Java exceptions and in what a command printed:
 * describe the write with {@link #writing}, then ask {@link Writing#causedBy} or
 * {@link Writing#ifPrinted}.
 */
public final class FilesystemFullException extends RealmfsException {
    private static final long serialVersionUID = 1L;
    static final String NO_SPACE = "No space left on device";
    static final String QUOTA = "Disk quota exceeded";
    /** apt-get checks the space its downloads need before it starts them. */
    static final String APT_NO_SPACE = "You don't have enough free space in";
    /**
     * A failed command whose filesystem has less than this left is taken to have failed for lack of
     * space even if it did not say so: debootstrap reports a Packages file its wget could not write
     * as "Couldn't download".
     */
    static final long NEARLY_FULL_BYTES = 8 * 1024 * 1024;
    private static final long MIB = 1024 * 1024;
    private static final String QUOTA_TEXT = "The disk quota is used up on the filesystem ";

    private final transient Path mountPoint;
    private final transient Path written;

    private FilesystemFullException(String message, Path mountPoint, Path written, Throwable cause) {
        super(message, cause);
        this.mountPoint = mountPoint;
        this.written = written;
    }

    /** Where the full filesystem is mounted. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** The path whose write failed. */
    public Path written() {
        return written;
    }

    /**
     * Describes a write that may fail for lack of space.
     *
     * @param what what is written, in words ("the tar archive /x/y.tar")
     * @param path the file or directory written to (it need not exist yet, or any more)
     */
    public static Writing writing(String what, Path path) {
        return new Writing(what, path.toAbsolutePath().normalize(), OptionalLong.empty(),
                "Free space there, or use a filesystem with more room.", OptionalLong.empty(), Optional.empty());
    }

    private static Optional<String> reasonOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FilesystemFullException full) {
                return Optional.of(full.getMessage().startsWith(QUOTA_TEXT) ? QUOTA : NO_SPACE);
            }
            if (t instanceof NativeCallException n) {
                if (n.errnoName().equals("ENOSPC")) {
                    return Optional.of(NO_SPACE);
                }
                if (n.errnoName().equals("EDQUOT")) {
                    return Optional.of(QUOTA);
                }
            }
            if (t instanceof IOException) {
                String text = t instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                        : String.valueOf(t.getMessage());
                Optional<String> reason = reasonIn(text);
                if (reason.isPresent()) {
                    return reason;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> reasonIn(String text) {
        if (text.contains(NO_SPACE) || text.contains(APT_NO_SPACE)) {
            return Optional.of(NO_SPACE);
        }
        if (text.contains(QUOTA)) {
            return Optional.of(QUOTA);
        }
        return Optional.empty();
    }

    /**
     * A write of {@code what} to {@code path}: immutable, each setter returns a new description.
     *
     * @param advice what to do, in one or two sentences that do not repeat the mount point
     * @param lowestAvailableBytes the least free space seen on the filesystem while the write went on
     * @param failedStep the sentence the message starts with, if the write was part of a step that failed
     */
    public record Writing(String what, Path path, OptionalLong neededBytes, String advice,
                          OptionalLong lowestAvailableBytes, Optional<String> failedStep) {

        /** About how many bytes the write needed in all. */
        public Writing needing(long bytes) {
            return new Writing(what, path, OptionalLong.of(bytes), advice, lowestAvailableBytes, failedStep);
        }

        public Writing advice(String text) {
            return new Writing(what, path, neededBytes, text, lowestAvailableBytes, failedStep);
        }

        /** What a {@link FreeSpaceWatch} saw while the write went on. */
        public Writing lowestAvailable(OptionalLong bytes) {
            return new Writing(what, path, neededBytes, advice, bytes, failedStep);
        }

        /** The step that failed, in one sentence the message starts with ("debootstrap of trixie failed"). */
        public Writing failedStep(String sentence) {
            return new Writing(what, path, neededBytes, advice, lowestAvailableBytes, Optional.of(sentence));
        }

        /**
         * The failure {@code error} is, if it is one of a full filesystem: an ENOSPC or EDQUOT among its
         * causes, or a failed command that said so in its last lines or left this filesystem with less
         * than 8 MiB free at some point (sampled: a write that fails leaves a little space unused).
         */
        public Optional<FilesystemFullException> causedBy(Throwable error) {
            Optional<FilesystemFullException> found = reasonOf(error).map(reason -> exception(reason, error));
            if (found.isEmpty() && error instanceof BuildFailedException failed) {
                return ifPrinted(failed.lastOutput()).or(() -> ranFull()
                        ? Optional.of(exception(NO_SPACE, null)) : Optional.empty());
            }
            return found;
        }

        /** The failure a command that printed {@code lines} had, if one of them reports a full filesystem. */
        public Optional<FilesystemFullException> ifPrinted(List<String> lines) {
            return lines.stream().map(FilesystemFullException::reasonIn).flatMap(Optional::stream).findFirst()
                    .map(reason -> exception(reason, null));
        }

        /** Of several writes, the one on the filesystem with the least room left. */
        public static Writing fullest(List<Writing> writes) {
            Writing fullest = writes.get(0);
            for (Writing w : writes) {
                if (w.leastAvailableBytes() < fullest.leastAvailableBytes()) {
                    fullest = w;
                }
            }
            return fullest;
        }

        private boolean ranFull() {
            return leastAvailableBytes() < NEARLY_FULL_BYTES;
        }

        private long leastAvailableBytes() {
            return Math.min(availableBytes(), lowestAvailableBytes.orElse(Long.MAX_VALUE));
        }

        private long availableBytes() {
            return space().map(FilesystemSpace::availableBytes).orElse(Long.MAX_VALUE);
        }

        private Optional<FilesystemSpace> space() {
            try {
                return Optional.of(Kernel.statvfs(existingAncestor()));
            } catch (RealmfsException e) {
                return Optional.empty();
            }
        }

        private Path existingAncestor() {
            Path p = path;
            while (p.getParent() != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                p = p.getParent();
            }
            return p;
        }

        private Optional<MountTable.MountEntry> mount() {
            try {
                Path real = existingAncestor().toRealPath();
                MountTable.MountEntry best = null;
                for (MountTable.MountEntry entry : MountTable.ofCallingThread().entries()) {
                    if (real.startsWith(entry.mountPoint()) && (best == null
                            || entry.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                        best = entry;
                    }
                }
                return Optional.ofNullable(best);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        private FilesystemFullException exception(String reason, Throwable cause) {
            Optional<MountTable.MountEntry> mount = mount();
            Optional<FilesystemSpace> space = space();
            StringBuilder text = new StringBuilder(failedStep.map(step -> step + ". ").orElse(""));
            text.append(reason.equals(QUOTA) ? QUOTA_TEXT : "No space left on the filesystem ");
            text.append(mount.map(m -> "mounted at " + m.mountPoint() + " (" + m.fsType() + ")")
                    .orElse("holding " + path));
            text.append(" while writing ").append(what);
            space.ifPresent(s -> text.append(": ").append(mib(s.availableBytes())).append(" free of ")
                    .append(mib(s.totalBytes())));
            lowestAvailableBytes.ifPresent(low -> {
                if (space.isEmpty() || low < space.get().availableBytes()) {
                    text.append(space.isPresent() ? " (" : ": ").append(mib(low)).append(" at the lowest while writing")
                            .append(space.isPresent() ? ")" : "");
                }
            });
            neededBytes.ifPresent(n -> text.append(space.isPresent() ? ", " : ": ").append("about ")
                    .append(mib(n)).append(" needed"));
            text.append(". ").append(advice);
            return new FilesystemFullException(text.toString(), mount.map(MountTable.MountEntry::mountPoint)
                    .orElse(null), path, cause);
        }
    }

    static String mib(long bytes) {
        if (bytes < 10 * MIB) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
        }
        return (bytes + MIB / 2) / MIB + " MiB";
    }
}
